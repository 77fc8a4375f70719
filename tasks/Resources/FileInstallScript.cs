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
            .Append("dir=$(dirname \"$dst\"); base=$(basename \"$dst\"); mkdir -p \"$dir\"\n")
            // A run that was killed while it installed this file left its temporary copy; the host lock means no
            // other run is writing one now. (A saved previous file, .workload-previous, is kept: see below.)
            .Append($"find \"$dir\" -maxdepth 1 -name \"{TemporaryCopies.ShellUploadPattern}\" -exec rm -f {{}} +\n")
            .Append($"tmp=$(mktemp \"{TemporaryCopies.ShellUploadTemplate}\")\n")
            .Append("trap 'rm -f \"$tmp\" \"$src\"' EXIT\n")
            .Append("trap 'exit 1' HUP INT TERM\n")
            .Append($"install -o {Shell.Quote(ownership.Owner)} -g {Shell.Quote(ownership.Group)} -m {ownership.Mode} \"$src\" \"$tmp\"\n");

        switch (validation)
        {
            case FileValidation.Standalone standalone:
                script.Append($"if ! {standalone.Command.Replace("{path}", "\"$tmp\"", StringComparison.Ordinal)} >&2; then exit {ValidationFailed}; fi\n")
                    .Append(Markers.Touch(markers))
                    .Append("mv -f \"$tmp\" \"$dst\"\n");
                break;
            case FileValidation.InPlace inPlace:
                // A previous copy that a killed run left is the file that was live before it: keep that one.
                script.Append($"prev=\"{TemporaryCopies.ShellPrevious}\"\n")
                    .Append("if [ ! -e \"$prev\" ] && [ -e \"$dst\" ]; then cp -p \"$dst\" \"$prev\"; fi\n")
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
