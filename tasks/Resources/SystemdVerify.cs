namespace Workload.Resources;

/// <summary>
/// <c>systemd-analyze verify</c> for a unit file that is not in place yet: the checker takes the unit's name from
/// the file name, so the new file is checked under its real name in a scratch directory.
/// </summary>
public static class SystemdVerify
{
    public static FileValidation For(string unitName) => new FileValidation.Standalone(
        $"( d=$(mktemp -d); cp {{path}} \"$d/{unitName}\"; systemd-analyze verify \"$d/{unitName}\"; r=$?; rm -rf \"$d\"; exit $r )",
        "systemd-analyze verify");
}
