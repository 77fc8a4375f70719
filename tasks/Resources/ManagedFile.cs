using System.Security.Cryptography;
using System.Text;
using Workload.Diffs;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// A file with exact content, owner and mode. A new content is uploaded over SFTP, copied next to the target
/// (same filesystem) with its owner and mode, validated if a validation is given, and renamed into place, so the
/// file is never half-written and a failed validation leaves the old file.
/// </summary>
public sealed class ManagedFile(string path, string content, FileOwnership? ownership = null, FileValidation? validation = null, bool sensitive = false)
    : NotifyingResource
{
    /// <summary>Contents larger than this are compared by hash only, never fetched for a diff.</summary>
    private const int DiffLimit = 256 * 1024;

    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(content);

    public string Path { get; } = path;

    public string Content { get; } = content;

    public FileOwnership Ownership { get; } = ownership ?? FileOwnership.RootFile;

    private string WantedHash => field ??= Convert.ToHexStringLower(SHA256.HashData(_bytes));

    public override string Description => $"file {Path}";

    public override string Probe()
    {
        var quoted = Shell.Quote(Path);
        // A file that holds secrets is compared by hash only: its content never leaves the host (nor does the hash it
        // should have go there, nor is its hash remembered there). Another file's content is sent for the diff only
        // when it differs; the first DiffLimit bytes and one more tell the plan it is too large to show.
        return ProbeScripts.StatAndHash(quoted, remember: !sensitive) + "\n" +
            (sensitive ? string.Empty : $"if [ -f {quoted} ] && [ \"$h\" != {WantedHash} ]; then echo content=$(head -c {DiffLimit + 1} {quoted} | base64 -w0); fi\n") +
            $"for f in {Shell.Quote(LeftoverPrefix)}*; do if [ -e \"$f\" ]; then echo \"leftover=${{f##*/}}\"; fi; done";
    }

    /// <summary>What the temporary and saved copies of an install of this file start with (see <see cref="FileInstallScript"/>).</summary>
    private string LeftoverPrefix => TemporaryCopies.Prefix(Path);

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var exists = facts.IsTrue("exists");
        if (exists && facts.Get("type") != "regular file" && facts.Get("type") != "regular empty file")
        {
            return [new Change($"replace the {facts.Get("type")} at {Path} with a file ({Ownership})", null, ApplyContentAsync) { Action = "replace" }];
        }

        if (!exists || facts.Get("sha256") != WantedHash)
        {
            var shown = facts.GetText("content");
            if (shown is null || Encoding.UTF8.GetByteCount(shown) > DiffLimit)
            {
                shown = "(too large to show)\n";
            }

            var diff = sensitive ? null : UnifiedDiff.Create(exists ? shown : null, Content, Path);
            var verb = exists ? "update" : "create";
            var hidden = sensitive ? " (content not shown: it holds secrets)" : string.Empty;
            return [new Change($"{verb} {Description} ({Ownership}){hidden}", diff, ApplyContentAsync) { Action = verb }];
        }

        // The content is right, but a run was killed while installing it: its copies are in the way, and with an
        // in-place check the file in place may never have been checked. Installing it again settles both.
        var leftovers = facts.GetAll("leftover");
        if (leftovers.Count > 0)
        {
            return [new Change($"install {Description} again: a run was interrupted while installing it and left {string.Join(", ", leftovers)}", null, ApplyContentAsync) { Action = "install again" }];
        }

        if (!Ownership.Matches(facts))
        {
            return [new Change($"set {Description}: {Ownership.Differences(facts)}", null, ApplyOwnershipAsync) { Action = "set owner and mode" }];
        }

        return [];
    }

    private async Task ApplyContentAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var staged = await FileStaging.StageAsync(shell, _bytes, cancellationToken).ConfigureAwait(false);
        var script = FileInstallScript.Build(staged, Path, Ownership, validation, MarkersToTouch);
        var result = await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == FileInstallScript.ValidationFailed)
        {
            throw new HostCommandException(shell.Name, $"Validating the new {Description} ({validation!.Description}); the previous file was left in place, and", result);
        }

        result.EnsureSuccess(shell.Name, $"Writing {Description}");
    }

    private async Task ApplyOwnershipAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var quoted = Shell.Quote(Path);
        var script = Markers.Touch(MarkersToTouch) + $"chown {Shell.Quote(Ownership.Owner + ":" + Ownership.Group)} {quoted} && chmod {Ownership.Mode} {quoted}";
        (await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Setting owner and mode of {Path}");
    }
}
