using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cake.Core.Diagnostics;
using Workload.Hosts;
using Workload.Resources;
using Workload.Validation;

namespace Workload.Jenkins;

/// <summary>A build of the tracked branch as Jenkins reports it.</summary>
/// <param name="Number">The build number.</param>
/// <param name="Result">SUCCESS, UNSTABLE, FAILURE, ABORTED.</param>
/// <param name="Path">The build's URL path on Jenkins, such as /job/microblog/job/main/1/.</param>
/// <param name="Tests">"2 passed, 0 failed, 0 skipped", or null when the build recorded no tests.</param>
/// <param name="Findings">Dependency-Check's findings in words, or null when the build archived no report.</param>
public sealed record PipelineBuild(int Number, string Result, string Path, string? Tests, string? Findings)
{
    public string Words(string job, string branch) =>
        $"{job} » {branch} #{Number} {Result}" + (Tests is null ? string.Empty : $"; tests: {Tests}") + (Findings is null ? string.Empty : $"; Dependency-Check: {Findings}");
}

/// <summary>
/// The tracked branch's build, read back: in sync when its last completed build succeeded. Otherwise the change
/// triggers what Jenkins needs (a scan of the repository, which creating a job through the API does not start; or a
/// new build of the branch when the scan already knows its commit), waits with progress for the new build, and reads
/// its result, test counts and Dependency-Check findings (the report the pipeline archives). A failed build fails the
/// change with the tail of its console log. Without the NVD key, a build that failed only for the missing credential
/// is accepted with a warning: nothing the tool can change.
/// </summary>
public sealed class FirstBuild(JenkinsApi api, string job, string branch, string scriptPath, TimeSpan timeout, bool haveNvdKey, ICakeLog log) : Resource
{
    /// <summary>What the dependency-check plugin logs when its nvdCredentialsId names no credential.</summary>
    public const string MissingCredentialMessage = "Current credentials does not exists";

    private string Branch => JenkinsApi.BranchPath(job, branch);

    /// <summary>The last completed build as the check found it, or as the change read it back.</summary>
    public PipelineBuild? Build { get; private set; }

    public override string Description => $"the first build of {job} » {branch}";

    public override string Probe() => api.Prelude() +
        JenkinsApi.Read("completed", Branch + "/lastCompletedBuild/api/json") +
        JenkinsApi.Read("tests", Branch + "/lastCompletedBuild/testReport/api/json") +
        $"if [ -s \"$jw/completed\" ] && ! grep -q '\"result\":\"SUCCESS\"' \"$jw/completed\"; then jget {Shell.Quote(Branch + "/lastCompletedBuild/consoleText")} \"$jw/console\" >/dev/null; echo \"console=$(tail -n 60 \"$jw/console\" | base64 -w0)\"; fi\n";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        JenkinsApi.EnsureUsable(facts, "completed", Description);
        var completed = JenkinsApi.Json(facts, "completed");
        if (completed is not null)
        {
            Build = Read(completed, JenkinsApi.Json(facts, "tests"), findings: null);
            if (Build.Result == "SUCCESS" || AcceptedWithoutKey(Build, facts.GetText("console")))
            {
                return [];
            }

            return [new Change($"build {job} » {branch} again (its last build #{Build.Number} ended {Build.Result}) and wait up to {Minutes} for it, then read its result, tests and Dependency-Check findings", null, ApplyAsync)];
        }

        return [new Change($"scan the repository of {job} for branches (with {scriptPath}) and wait up to {Minutes} for the first build of {branch}, then read its result, tests and Dependency-Check findings", null, ApplyAsync)];
    }

    private string Minutes => $"{Math.Ceiling(timeout.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min";

    private bool AcceptedWithoutKey(PipelineBuild build, string? console)
    {
        if (haveNvdKey || build.Result != "FAILURE" || console is null || !console.Contains(MissingCredentialMessage, StringComparison.Ordinal))
        {
            return false;
        }

        log.Warning("{0} failed in its OWASP stage: WORKLOAD_NVD_API_KEY is not set, so Jenkins has no NVD credential (set it and run again).", build.Words(job, branch));
        return true;
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        // What the branch had before: the build to wait for is a newer one.
        var before = await api.RunAsync(shell, "jwait 300\n" + JenkinsApi.Read("branch", Branch + "/api/json") + JenkinsApi.Read("indexing", JenkinsApi.JobPath(job) + "/indexing/api/json"), $"Reading {job} » {branch}", cancellationToken).ConfigureAwait(false);
        var facts = new ResourceFacts(before.Output.Split('\n'));
        var branchJob = JenkinsApi.Json(facts, "branch");
        var lastScan = IndexingTimestamp(JenkinsApi.Json(facts, "indexing"));
        var previous = branchJob?["lastBuild"]?["number"]?.GetValue<int>() ?? 0;
        var building = branchJob?["lastBuild"] is not null && branchJob?["lastCompletedBuild"]?["number"]?.GetValue<int>() != previous;
        var scan = branchJob is null;
        if (building)
        {
            log.Information("{0} » {1}: build #{2} is running; waiting for it", job, branch, previous);
            previous--;
        }
        else
        {
            var target = scan ? JenkinsApi.JobPath(job) + "/build?delay=0" : Branch + "/build?delay=0sec";
            var trigger = $"""
                jcrumb
                status=$(printf '' | jpost {Shell.Quote(target)} application/x-www-form-urlencoded)
                case "$status" in 200|201|302|303) ;; *) echo "Jenkins answered $status: $(head -c 2000 "$jw/out" | sed 's/<[^>]*>/ /g')" >&2; exit 4;; esac
                """;
            await api.RunAsync(shell, trigger, scan ? $"Starting the scan of {job}" : $"Starting a build of {job} » {branch}", cancellationToken).ConfigureAwait(false);
            log.Information("{0}: {1}", job, scan ? $"scanning the repository for branches; waiting for the first build of {branch}" : $"building {branch} again");
        }

        var number = await WaitAsync(shell, previous, scan ? lastScan : null, cancellationToken).ConfigureAwait(false);
        var script = JenkinsApi.Read("build", $"{Branch}/{number}/api/json") +
            JenkinsApi.Read("tests", $"{Branch}/{number}/testReport/api/json") +
            JenkinsApi.Read("report", $"{Branch}/{number}/artifact/dependency-check-report.json") +
            $"jget {Shell.Quote($"{Branch}/{number}/consoleText")} \"$jw/console\" >/dev/null; echo \"console=$(tail -n 60 \"$jw/console\" | base64 -w0)\"\n";
        var result = await api.RunAsync(shell, script, $"Reading build #{number} of {job} » {branch}", cancellationToken).ConfigureAwait(false);
        facts = new ResourceFacts(result.Output.Split('\n'));
        var build = JenkinsApi.Json(facts, "build") ?? throw new InvalidOperationException($"Jenkins did not return build #{number} of {job} » {branch}.");
        Build = Read(build, JenkinsApi.Json(facts, "tests"), Findings(facts));
        var console = facts.GetText("console") ?? string.Empty;
        if (Build.Result != "SUCCESS" && !AcceptedWithoutKey(Build, console))
        {
            throw new InvalidOperationException($"{Build.Words(job, branch)}. The end of its console log:\n{console.TrimEnd()}");
        }

        log.Information("{0}", Build.Words(job, branch));
    }

    private static long IndexingTimestamp(JsonNode? indexing) =>
        indexing?["timestamp"] is JsonValue value && value.TryGetValue<long>(out var timestamp) ? timestamp : 0;

    /// <summary>
    /// Polls until a build newer than <paramref name="previous"/> completed; returns its number. After a scan started
    /// later than <paramref name="scannedBefore"/> (Jenkins' time of the scan before it), a finished scan that made no
    /// job for the branch means the branch has no Jenkinsfile: that fails at once, with the scan's log.
    /// </summary>
    private Task<int> WaitAsync(IHostShell shell, int previous, long? scannedBefore, CancellationToken cancellationToken) =>
        new Common.Waiter(log).UntilAsync(
            $"{job} » {branch}",
            DateTimeOffset.UtcNow + timeout,
            TimeSpan.FromSeconds(3),
            async token =>
            {
                var poll = JenkinsApi.Read("branch", Branch + "/api/json") + JenkinsApi.Read("indexing", JenkinsApi.JobPath(job) + "/indexing/api/json");
                var result = await api.RunAsync(shell, poll, $"Checking {job} » {branch}", token).ConfigureAwait(false);
                var facts = new ResourceFacts(result.Output.Split('\n'));
                var branchJob = JenkinsApi.Json(facts, "branch");
                var indexing = JenkinsApi.Json(facts, "indexing");
                var last = branchJob?["lastBuild"]?["number"]?.GetValue<int>() ?? 0;
                var completed = branchJob?["lastCompletedBuild"]?["number"]?.GetValue<int>() ?? 0;
                if (last > previous && completed >= last)
                {
                    return Common.WaitStep.Ready(last);
                }

                if (branchJob is null && scannedBefore is { } before && IndexingTimestamp(indexing) > before
                    && indexing?["building"]?.GetValue<bool>() == false && indexing["result"] is not null)
                {
                    var text = await IndexingLogAsync(shell, token).ConfigureAwait(false);
                    throw new InvalidOperationException($"Jenkins' scan of {job} found no branch '{branch}' with {scriptPath} (setting jenkinsfilePath): write the pipeline with ./build.sh --target=Jenkinsfile --app=CHECKOUT, commit and push it. The scan's log:\n{text.TrimEnd()}");
                }

                return Common.WaitStep.Pending<int>(last > previous ? $"build #{last} running" : branchJob is null ? "scanning the repository" : "build queued");
            },
            state => new InvalidOperationException($"Waited {timeout.TotalSeconds:0} s (jenkinsFirstBuildTimeoutSeconds) for the first build of {job} » {branch}: {state}."),
            cancellationToken);

    private async Task<string> IndexingLogAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var result = await api.RunAsync(shell, $"jget {Shell.Quote(JenkinsApi.JobPath(job) + "/indexing/consoleText")} \"$jw/log\" >/dev/null; tail -n 30 \"$jw/log\"", $"Reading the scan log of {job}", cancellationToken).ConfigureAwait(false);
        return result.Output;
    }

    private PipelineBuild Read(JsonNode build, JsonNode? tests, string? findings)
    {
        var number = build["number"]?.GetValue<int>() ?? 0;
        var outcome = build["result"]?.GetValue<string>() ?? "(running)";
        string? counts = null;
        if (tests is not null)
        {
            var pass = tests["passCount"]?.GetValue<int>() ?? 0;
            var fail = tests["failCount"]?.GetValue<int>() ?? 0;
            var skip = tests["skipCount"]?.GetValue<int>() ?? 0;
            counts = $"{pass} passed, {fail} failed, {skip} skipped";
        }

        return new PipelineBuild(number, outcome, $"{Branch}/{number}/", counts, findings);
    }

    private static string? Findings(ResourceFacts facts)
    {
        if (facts.Get("report_status") != "200" || facts.Get("report_body") is not { } body)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Convert.FromBase64String(body));
            var report = DependencyCheckReport.Parse(stream);
            if (report.Vulnerabilities.Count == 0)
            {
                return $"no vulnerabilities in {report.Dependencies} dependencies";
            }

            var top = report.Vulnerabilities[0];
            var text = new StringBuilder($"{report.Vulnerabilities.Count} vulnerabilit{(report.Vulnerabilities.Count == 1 ? "y" : "ies")} in {report.Dependencies} dependencies");
            text.Append(CultureInfo.InvariantCulture, $", highest {top.Name} in {top.Package} (CVSS {VulnerabilityTable.Score(top)})");
            return text.ToString();
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Text.Json.JsonException or FormatException)
        {
            return $"the archived report could not be read ({exception.Message})";
        }
    }
}
