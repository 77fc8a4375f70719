using System.Text;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>The shell that moves a staged upload into place: same-directory temporary file, validation, rename.</summary>
internal static class FileInstallScript
{
    /// <summary>The exit code the script uses when the validation rejected the new file.</summary>
    public const int ValidationFailed = 86;

    public static string Build(string staged, string path, FileOwnership ownership, FileValidation? validation, IReadOnlyList<string> markers)
    {
        var target = Shell.Quote(path);
        var script = new StringBuilder()
            .Append("set -e\n")
            .Append($"src={Shell.Quote(staged)}; dst={target}\n")
            .Append("dir=$(dirname \"$dst\"); mkdir -p \"$dir\"\n")
            .Append("tmp=$(mktemp \"$dir/.$(basename \"$dst\").workload-XXXXXX\")\n")
            .Append("trap 'rm -f \"$tmp\" \"$src\"' EXIT\n")
            .Append($"install -o {Shell.Quote(ownership.Owner)} -g {Shell.Quote(ownership.Group)} -m {ownership.Mode} \"$src\" \"$tmp\"\n");

        switch (validation)
        {
            case FileValidation.Standalone standalone:
                script.Append($"if ! {standalone.Command.Replace("{path}", "\"$tmp\"", StringComparison.Ordinal)} >&2; then exit {ValidationFailed}; fi\n")
                    .Append(Markers.Touch(markers))
                    .Append("mv -f \"$tmp\" \"$dst\"\n");
                break;
            case FileValidation.InPlace inPlace:
                script.Append("prev=\"$dir/.$(basename \"$dst\").workload-previous\"\n")
                    .Append("if [ -e \"$dst\" ]; then cp -p \"$dst\" \"$prev\"; else rm -f \"$prev\"; fi\n")
                    .Append(Markers.Touch(markers))
                    .Append("mv -f \"$tmp\" \"$dst\"\n")
                    .Append($"if ! {inPlace.Command} >&2; then\n")
                    .Append("  if [ -e \"$prev\" ]; then mv -f \"$prev\" \"$dst\"; else rm -f \"$dst\"; fi\n")
                    .Append($"  exit {ValidationFailed}\nfi\n")
                    .Append("rm -f \"$prev\"\n");
                break;
            default:
                script.Append(Markers.Touch(markers)).Append("mv -f \"$tmp\" \"$dst\"\n");
                break;
        }

        return script.ToString();
    }
}
