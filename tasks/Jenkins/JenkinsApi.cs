using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>
/// Jenkins' REST interface, spoken with curl on the Jenkins host itself as the admin user. The admin password never
/// leaves the host again: it is read from the root-only file InstallJenkins wrote into a curl configuration in a
/// private temporary directory (never a command line). A POST carries the crumb of its web session, as Jenkins'
/// CSRF protection requires of a login by password (Jenkins-Crumb header and the JSESSIONID cookie).
/// </summary>
public sealed class JenkinsApi(int port, string adminUser)
{
    /// <summary>Jenkins' home on the host (the Debian package's).</summary>
    public const string Home = "/var/lib/jenkins";

    public string BaseUrl => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Shell that defines, for the script that follows: <c>jget PATH FILE</c> (prints the HTTP status, the body in
    /// FILE), <c>jcrumb</c> (fetches a crumb for the posts that follow), <c>jpost PATH CONTENT-TYPE</c> (body on
    /// standard input; prints the status, the answer in $jw/out) and <c>jwait SECONDS</c> (until /login answers).
    /// Status 000 means Jenkins did not answer. The password's first line goes into curl's config file
    /// (<see cref="HttpChecks.CurlUserFromFile"/>).
    /// </summary>
    public string Prelude() => """
        J=@BASE@
        jw=$(mktemp -d) || exit 1
        trap 'rm -rf "$jw"' EXIT
        {
        @USER_FROM_FILE@
        } > "$jw/auth"
        : > "$jw/crumb"
        jget() { curl -s -g -o "$2" -w '%{http_code}' --max-time 30 -K "$jw/auth" -b "$jw/jar" -c "$jw/jar" "$J$1" 2>/dev/null || echo 000; }
        jcrumb() {
          jget /crumbIssuer/api/json "$jw/crumb.json" >/dev/null
          c=$(sed -n 's/.*"crumb":"\([^"]*\)".*/\1/p' "$jw/crumb.json" 2>/dev/null)
          f=$(sed -n 's/.*"crumbRequestField":"\([^"]*\)".*/\1/p' "$jw/crumb.json" 2>/dev/null)
          if [ -n "$c" ]; then printf 'header = "%s: %s"\n' "$f" "$c" > "$jw/crumb"; fi
        }
        jpost() { curl -s -g -o "$jw/out" -w '%{http_code}' --max-time 120 -K "$jw/auth" -K "$jw/crumb" -b "$jw/jar" -c "$jw/jar" -H "Content-Type: $2" --data-binary @- "$J$1" 2>/dev/null || echo 000; }
        jwait() {
          waited=0
          while [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$J/login" 2>/dev/null)" != 200 ]; do
            waited=$((waited + 2)); if [ "$waited" -ge "$1" ]; then echo "Jenkins did not answer $J/login within $1 s" >&2; return 1; fi; sleep 2
          done
        }

        """
        .Replace("@BASE@", Shell.Quote(BaseUrl), StringComparison.Ordinal)
        .Replace("@USER_FROM_FILE@", HttpChecks.CurlUserFromFile(adminUser, InstallJenkins.AdminPasswordFile), StringComparison.Ordinal);

    /// <summary>Shell that reads <paramref name="path"/> into the facts <c>KEY_status</c> and <c>KEY_body</c> (base64).</summary>
    public static string Read(string key, string path) =>
        $"echo \"{key}_status=$(jget {Shell.Quote(path)} \"$jw/{key}\")\"; if [ -s \"$jw/{key}\" ]; then echo \"{key}_body=$(base64 -w0 < \"$jw/{key}\")\"; fi\n";

    /// <summary>The URL path of a top-level job (its name encoded as one path segment).</summary>
    public static string JobPath(string job) => "/job/" + Uri.EscapeDataString(job);

    /// <summary>The URL path of a branch of a multibranch job (a branch a/b is the job a%2Fb, encoded once more).</summary>
    public static string BranchPath(string job, string branch) =>
        JobPath(job) + "/job/" + Uri.EscapeDataString(branch.Replace("/", "%2F", StringComparison.Ordinal));

    /// <summary>The path of a credential of the system store's global domain.</summary>
    public static string CredentialPath(string id) => "/credentials/store/system/domain/_/credential/" + Uri.EscapeDataString(id);

    /// <summary>Throws the error a status of Jenkins' deserves when it is neither an answer nor "not there".</summary>
    public static void EnsureUsable(ResourceFacts facts, string key, string what)
    {
        var status = facts.Get(key + "_status");
        switch (status)
        {
            case "401":
                throw new InvalidOperationException($"Jenkins refused the admin login while reading {what} (401): is WORKLOAD_JENKINS_ADMIN_PASSWORD the password of jenkinsAdminUser?");
            case "403":
                throw new InvalidOperationException($"Jenkins answered 403 while reading {what}: the admin user lacks permission, or the admin password file {InstallJenkins.AdminPasswordFile} is missing on the host (run InstallJenkins with WORKLOAD_JENKINS_ADMIN_PASSWORD).");
            case { } s when s.StartsWith('5'):
                throw new InvalidOperationException($"Jenkins failed while reading {what} (HTTP {s}).");
        }
    }

    /// <summary>Whether Jenkins answered at all (it may be stopped, or still starting).</summary>
    public static bool Answered(ResourceFacts facts, string key) => facts.Get(key + "_status") is { } s && s != "000";

    /// <summary>The JSON body of a read that answered 200, or null.</summary>
    public static JsonNode? Json(ResourceFacts facts, string key) =>
        facts.Get(key + "_status") == "200" && facts.GetText(key + "_body") is { } text ? TryParse(text) : null;

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Runs a script that starts with the prelude; fails with the script's own words.</summary>
    public async Task<CommandResult> RunAsync(IHostShell shell, string script, string what, CancellationToken cancellationToken, byte[]? input = null)
    {
        var text = new StringBuilder(Prelude()).Append(script).ToString();
        var result = await shell.RunAsync(text, new CommandOptions(Input: input), cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess(shell.Name, what);
    }
}
