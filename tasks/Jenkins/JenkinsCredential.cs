using System.Security;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>What kind of credential, as the credentials plugin's classes name them.</summary>
public sealed record CredentialKind(string ClassName, string TypeName, string SecretElement)
{
    /// <summary>plain-credentials' "Secret text".</summary>
    public static CredentialKind SecretText { get; } = new("org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl", "Secret text", "secret");

    /// <summary>credentials' "Username with password".</summary>
    public static CredentialKind UsernamePassword { get; } = new("com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl", "Username with password", "password");
}

/// <summary>
/// A credential in Jenkins' system store (global domain), made through the credentials plugin's REST interface from a
/// root-only file on the Jenkins host (<paramref name="secretFile"/>, written by the task before): the secret goes from
/// that file into the request on a pipe, never onto a command line, into an environment or a log. The check reads the
/// credential's metadata (config.xml, whose secret Jenkins always redacts) and compares its fields; since Jenkins never
/// shows the secret, a stamp on the host records the SHA-256 of the file the credential was last set from, so a changed
/// secret is noticed without reading it back.
/// </summary>
public sealed class JenkinsCredential(JenkinsApi api, CredentialKind kind, string id, string description, string secretFile, ManagedFile? secretResource, string? username = null)
    : Resource
{
    private const string StampDirectory = "/var/lib/microblog-workload/jenkins-credentials";

    private string Stamp => $"{StampDirectory}/{id}.sha256";

    private string Path => JenkinsApi.CredentialPath(id);

    public override string Description => $"Jenkins credential {id} ({kind.TypeName})";

    public override string Probe() =>
        api.Prelude() + JenkinsApi.Read("credential", Path + "/config.xml") +
        $"if [ -f {Shell.Quote(Stamp)} ]; then echo stamp=$(cat {Shell.Quote(Stamp)}); fi\n" +
        $"if [ -f {Shell.Quote(secretFile)} ]; then echo secret=$(sha256sum < {Shell.Quote(secretFile)} | cut -d' ' -f1); fi";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        JenkinsApi.EnsureUsable(facts, "credential", Description);
        var reasons = new List<string>();
        var exists = facts.Get("credential_status") == "200";
        if (!exists)
        {
            var when = JenkinsApi.Answered(facts, "credential") ? string.Empty : " (once Jenkins answers)";
            return [new Change($"create {Description}{(username is null ? string.Empty : $" for user {username}")} from {secretFile}{when} (secret not shown)", null, ApplyAsync)];
        }

        var current = JenkinsXml.TryParse(facts.GetText("credential_body") ?? string.Empty)?.Root;
        if (current is null)
        {
            reasons.Add("its configuration could not be read");
        }
        else
        {
            if (current.Name.LocalName != kind.ClassName)
            {
                reasons.Add($"type {current.Name.LocalName.Split('.').Last()} -> {kind.ClassName.Split('.').Last()} ({kind.TypeName})");
            }

            AddDifference(reasons, "scope", JenkinsXml.Text(current, "scope"), "GLOBAL");
            AddDifference(reasons, "description", JenkinsXml.Text(current, "description"), description);
            if (username is not null)
            {
                AddDifference(reasons, "username", JenkinsXml.Text(current, "username"), username);
            }
        }

        if (secretResource is not null && state.HasChanges(secretResource))
        {
            reasons.Add("its secret changed (not shown)");
        }
        else if (facts.Get("stamp") is not { Length: > 0 } stamp)
        {
            reasons.Add("its secret was not set by this tool (not shown)");
        }
        else if (stamp != facts.Get("secret"))
        {
            reasons.Add("its secret changed (not shown)");
        }

        return reasons.Count == 0 ? [] : [new Change($"update {Description}: {string.Join("; ", reasons)}", null, ApplyAsync)];
    }

    private static void AddDifference(List<string> reasons, string field, string? current, string wanted)
    {
        if ((current ?? string.Empty) != wanted)
        {
            reasons.Add($"{field} '{current}' -> '{wanted}'");
        }
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var file = Shell.Quote(secretFile);
        var head = $"<{kind.ClassName}>\n  <scope>GLOBAL</scope>\n  <id>{Escape(id)}</id>\n  <description>{Escape(description)}</description>\n" +
            (username is null ? string.Empty : $"  <username>{Escape(username)}</username>\n") + $"  <{kind.SecretElement}>";
        var tail = $"</{kind.SecretElement}>\n</{kind.ClassName}>\n";

        // The XML is assembled on the host; the secret passes through sed and curl on pipes only.
        var script = $$"""
            set -e
            if [ ! -r {{file}} ]; then echo "{{secretFile}} is missing: the secret must be written before the credential" >&2; exit 3; fi
            jwait {{WaitSeconds}}
            jcrumb
            body() { printf '%s' {{Shell.Quote(head)}}; head -n 1 {{file}} | tr -d '\r\n' | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; printf '%s' {{Shell.Quote(tail)}}; }
            if [ "$(jget {{Shell.Quote(Path + "/api/json")}} "$jw/existing")" = 200 ]; then
              status=$(body | jpost {{Shell.Quote(Path + "/config.xml")}} application/xml)
            else
              status=$(body | jpost /credentials/store/system/domain/_/createCredentials application/xml)
            fi
            if [ "$status" != 200 ]; then echo "Jenkins answered $status: $(head -c 2000 "$jw/out" | sed 's/<[^>]*>/ /g')" >&2; exit 4; fi
            mkdir -p {{StampDirectory}} && chmod 0700 {{StampDirectory}}
            sha256sum < {{file}} | cut -d' ' -f1 > {{Shell.Quote(TemporaryCopies.Fixed(Stamp))}} && mv -f {{Shell.Quote(TemporaryCopies.Fixed(Stamp))}} {{Shell.Quote(Stamp)}}
            """;
        await api.RunAsync(shell, script, $"Setting {Description}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long an apply waits for Jenkins to answer (it may have just restarted).</summary>
    public int WaitSeconds { get; init; } = 300;

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
