using System.Security.Cryptography;
using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Application;

/// <summary>How the app is built on the host: its Python, its venv, and where pip finds packages.</summary>
public sealed record AppBuild(string PythonVersion, IReadOnlyList<string> ExtraPackages, string? IndexUrl, bool NoIndex, bool SystemSitePackages)
{
    /// <summary>
    /// The build the settings ask for with the Python chosen for the host: the App task's, and the Jenkins pipeline's
    /// (whose fingerprints must agree).
    /// </summary>
    public static AppBuild From(Configuration.WorkloadSettings settings, string pythonVersion) =>
        new(pythonVersion, settings.AppExtraPackages, settings.PipIndexUrl, settings.PipNoIndex, settings.VenvSystemSitePackages);

    /// <summary>
    /// A digest of how packages are installed, so that a change to any of it rebuilds the venv's packages. The Python
    /// is not in it: the venv's own Python is checked apart (a different one recreates the venv), and the pipeline,
    /// rendered without the host's facts, must stamp the same digest.
    /// </summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"extras={string.Join(',', ExtraPackages)};index={IndexUrl};noindex={NoIndex};system={SystemSitePackages}")))[..16];

    /// <summary>
    /// pip's options for where packages come from. <paramref name="quoted"/>: each value shell-quoted; unquoted for the
    /// pipeline's steps, where the Groovy grammar refuses quotes and pipIndexUrl's format (a plain URL of characters the
    /// shell takes as they are) makes quoting unnecessary.
    /// </summary>
    public string PipOptions(bool quoted = true)
    {
        string Quote(string value) => quoted ? Shell.Quote(value) : value;
        return NoIndex ? "--no-index"
            : IndexUrl is null ? string.Empty
            : "--index-url " + Quote(IndexUrl) + (TrustedHost(IndexUrl) is { } host ? " --trusted-host " + Quote(host) : string.Empty);
    }

    /// <summary>
    /// The host pip must be told to trust for an index served over plain http (pip ignores such an index otherwise),
    /// or null: an http pipIndexUrl (a mirror on a private network, as the testbed's) is trusted as the user gave it.
    /// </summary>
    public static string? TrustedHost(string? indexUrl) =>
        Uri.TryCreate(indexUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri.Authority : null;
}

/// <summary>
/// The app on its host: the code at the wanted revision (owned by the app user), a venv with the configured Python,
/// its requirements and extra packages, compiled translations and an upgraded database. A stamp on the host
/// records revision, requirements and build, so a host with the same of each is in sync.
/// </summary>
public sealed class AppDeployment(AppSource source, string directory, string user, string environmentFile, AppBuild build) : NotifyingResource
{
    private string Stamp => $"{directory}/.microblog-workload.stamp";

    private string Venv => $"{directory}/venv";

    public override string Description => $"app in {directory} from {source.Describe()}";

    public override string Probe()
    {
        var probe = new StringBuilder()
            .Append($"if [ -f {Shell.Quote(Stamp)} ]; then sed 's/^/stamp_/' {Shell.Quote(Stamp)}; fi\n")
            .Append($"if [ -f {Shell.Quote(directory + "/requirements.txt")} ]; then echo requirements=$(sha256sum < {Shell.Quote(directory + "/requirements.txt")} | cut -d' ' -f1); fi\n")
            // Starting Python costs more than the rest of this check: its answer is remembered while the venv's interpreter is unchanged.
            .Append($"if [ -x {Shell.Quote(Venv + "/bin/python")} ]; then\n")
            .Append(ProbeScripts.Memo(
                $"echo venv=$({Shell.Quote(Venv + "/bin/python")} -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])')",
                Shell.Quote(Venv + "/bin/python"), Shell.Quote(Venv + "/pyvenv.cfg")))
            .Append("fi\n");
        if (source is AppSource.Git git)
        {
            probe.Append("if command -v git >/dev/null; then\n")
                .Append($"  out=$(timeout 60 git ls-remote {Shell.Quote(git.Repository)} {Shell.Quote(git.Ref)} {Shell.Quote(git.Ref + "^{}")} 2>&1) && ")
                .Append("printf '%s\\n' \"$out\" | sed 's/^/remote=/' || echo \"remote_error=$(printf '%s' \"$out\" | tail -n 1)\"\n")
                .Append("else echo git=missing; fi\n");
        }

        return probe.ToString();
    }

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var wanted = WantedRevision(facts);
        var deployed = facts.Get("stamp_revision");
        var steps = new List<string>();
        if (wanted is null || wanted != deployed)
        {
            var shown = wanted is null ? source.Describe() + " (its commit is resolved once git is installed)" : $"{Short(wanted)} ({source.Describe()})";
            // The pipeline records its deploys in the stamp too: a drift names both commits and who deployed the other.
            var by = facts.Get("stamp_deployed_by") is { Length: > 0 } who ? $" (deployed by {who})" : string.Empty;
            steps.Add(deployed is null ? $"deploy {shown}" : $"deploy {shown}, replacing {Short(deployed)}{by}");
        }

        var venvReady = facts.Get("venv") == build.PythonVersion;
        if (!venvReady)
        {
            steps.Add($"create the venv with python{build.PythonVersion}{(build.SystemSitePackages ? " (system site packages)" : string.Empty)}");
        }

        var requirementsChanged = steps.Count > 0 || facts.Get("stamp_requirements") != facts.Get("requirements") || facts.Get("stamp_build") != build.Fingerprint();
        if (requirementsChanged)
        {
            steps.Add($"install requirements.txt and {string.Join(", ", build.ExtraPackages)}{(build.NoIndex ? " (pip --no-index)" : string.Empty)}");
            steps.Add("run flask translate compile and flask db upgrade");
        }

        if (steps.Count == 0)
        {
            return [];
        }

        return [new Change(string.Join("; ", steps), null, (shell, token) => ApplyAsync(shell, wanted, token))];
    }

    private string? WantedRevision(ResourceFacts facts)
    {
        switch (source)
        {
            case AppSource.LocalDirectory local:
                return local.Revision();
            case AppSource.Git git:
                if (IsCommit(git.Ref))
                {
                    return git.Ref.ToLowerInvariant();
                }

                if (facts.Get("git") == "missing")
                {
                    return null;
                }

                if (facts.Get("remote_error") is { } error)
                {
                    throw new InvalidOperationException($"Cannot read {git.Repository} from the jenkins host (setting appRepository): {error}");
                }

                var refs = facts.GetAll("remote").Select(l => l.Split('\t')).Where(f => f.Length == 2).ToList();
                var match = refs.FirstOrDefault(f => f[1] == $"refs/heads/{git.Ref}")
                    ?? refs.FirstOrDefault(f => f[1] == $"refs/tags/{git.Ref}^{{}}")
                    ?? refs.FirstOrDefault(f => f[1] == $"refs/tags/{git.Ref}")
                    ?? refs.FirstOrDefault();
                return match?[0] ?? throw new InvalidOperationException($"{git.Repository} has no branch or tag '{git.Ref}' (setting appRef).");
            default:
                throw new NotSupportedException(source.GetType().Name);
        }
    }

    private async Task ApplyAsync(IHostShell shell, string? wanted, CancellationToken cancellationToken)
    {
        var run = $"runuser -u {Shell.Quote(user)} --";
        var dir = Shell.Quote(directory);
        var script = new StringBuilder("set -e\n").Append($"cd {dir}\n");
        switch (source)
        {
            case AppSource.Git git:
                script.Append($"if [ ! -d .git ]; then {run} git init -q {dir}; fi\n")
                    .Append($"{run} git -C {dir} fetch -q {Shell.Quote(git.Repository)} {Shell.Quote(IsCommit(git.Ref) ? git.Ref : git.Ref)}\n")
                    .Append($"{run} git -C {dir} checkout -q --force --detach {(IsCommit(git.Ref) ? Shell.Quote(git.Ref) : "FETCH_HEAD")}\n")
                    .Append($"revision=$({run} git -C {dir} rev-parse HEAD)\n");
                break;
            case AppSource.LocalDirectory local:
                var staged = await FileStaging.StageAsync(shell, local.Archive(), cancellationToken).ConfigureAwait(false);
                script.Append($"{run} tar -xzf {Shell.Quote(staged)} -C {dir} || {{ rm -f {Shell.Quote(staged)}; exit 1; }}\n")
                    .Append($"rm -f {Shell.Quote(staged)}\n")
                    .Append($"revision={Shell.Quote(wanted!)}\n");
                break;
        }

        var python = "python" + build.PythonVersion;
        var venv = Shell.Quote(Venv);
        script.Append($"if [ \"$({venv}/bin/python -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])' 2>/dev/null)\" != {Shell.Quote(build.PythonVersion)} ]; then\n")
            .Append($"  rm -rf {venv}\n  {run} {python} -m venv {(build.SystemSitePackages ? "--system-site-packages " : string.Empty)}{venv}\nfi\n")
            .Append($"{run} {venv}/bin/python -m pip install -q --disable-pip-version-check {build.PipOptions()} -r requirements.txt {string.Join(' ', build.ExtraPackages.Select(Shell.Quote))}\n")
            .Append($"{run} sh -c {Shell.Quote($"set -e; set -a; . {Shell.Quote(environmentFile)}; set +a; {Shell.Quote(Venv + "/bin/python")} -m flask translate compile; {Shell.Quote(Venv + "/bin/python")} -m flask db upgrade")}\n")
            .Append(Markers.Touch(MarkersToTouch))
            .Append($"{{ echo \"revision=$revision\"; echo \"requirements=$(sha256sum < requirements.txt | cut -d' ' -f1)\"; echo build={build.Fingerprint()}; }} > {Shell.Quote(Stamp + ".tmp")}\n")
            .Append($"chown {Shell.Quote(user + ":" + user)} {Shell.Quote(Stamp + ".tmp")} && mv -f {Shell.Quote(Stamp + ".tmp")} {Shell.Quote(Stamp)}\n");
        (await shell.RunAsync(script.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, $"Deploying the {Description}");
    }

    private static bool IsCommit(string reference) =>
        reference.Length == 40 && reference.All(char.IsAsciiHexDigit);

    private static string Short(string revision) =>
        revision.StartsWith("local:", StringComparison.Ordinal) ? revision[..Math.Min(revision.Length, 18)] : revision[..Math.Min(revision.Length, 12)];
}
