using System.Security.Cryptography;
using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Application;

/// <summary>
/// The app's settings file (systemd EnvironmentFile and shell syntax): SECRET_KEY generated once on the host and
/// kept there (it never travels, never shows in a plan), DATABASE_URL, FLASK_APP. Readable by the app user only.
/// </summary>
public sealed class AppEnvironmentFile(string path, string user, string databaseUrl) : NotifyingResource
{
    private string DatabaseLine => $"DATABASE_URL='{databaseUrl}'";

    public override string Description => $"app settings {path}";

    public override string Probe()
    {
        var file = Shell.Quote(path);
        return $"if [ -f {file} ]; then echo exists=1; stat --printf 'owner=%U\\ngroup=%G\\nmode=%a\\n' {file}; " +
            $"if grep -q '^SECRET_KEY=.' {file}; then echo secret=1; fi; " +
            $"echo database=$(grep '^DATABASE_URL=' {file} | sha256sum | cut -d' ' -f1); " +
            $"if grep -qx 'FLASK_APP=microblog.py' {file}; then echo flask_app=1; fi; fi";
    }

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var wantedDatabase = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DatabaseLine + "\n")));
        var ownership = new FileOwnership(user, user, "0600");
        var reasons = new List<string>();
        if (!facts.IsTrue("exists"))
        {
            reasons.Add("create it");
        }
        else
        {
            if (!facts.IsTrue("secret"))
            {
                reasons.Add("add a SECRET_KEY");
            }

            if (facts.Get("database") != wantedDatabase)
            {
                reasons.Add("set DATABASE_URL");
            }

            if (!facts.IsTrue("flask_app"))
            {
                reasons.Add("set FLASK_APP");
            }

            if (!ownership.Matches(facts))
            {
                reasons.Add(ownership.Differences(facts));
            }
        }

        if (reasons.Count == 0)
        {
            return [];
        }

        var secret = facts.IsTrue("secret") ? "the existing SECRET_KEY kept" : "a new SECRET_KEY generated on the host";
        return [new Change($"write {Description}: {string.Join(", ", reasons)} ({secret}; {ownership})", null, ApplyAsync)];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        // The DATABASE_URL line arrives on standard input: it may hold a database password, which must not
        // show in the host's process list.
        var script = $$"""
            set -e
            umask 077
            f={{Shell.Quote(path)}}; u={{Shell.Quote(user)}}
            dir=$(dirname "$f"); base=$(basename "$f"); install -d -o root -g "$u" -m 0750 "$dir"
            IFS= read -r database
            key=$(sed -n 's/^SECRET_KEY=//p' "$f" 2>/dev/null | head -n 1)
            if [ -z "$key" ]; then key="'$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')'"; fi
            tmp=$(mktemp "{{TemporaryCopies.ShellUploadTemplate}}")
            trap 'rm -f "$tmp"' EXIT
            {
              echo '# Managed by microblog-workload: SECRET_KEY was generated on this host and is kept across runs.'
              echo "SECRET_KEY=$key"
              printf '%s\n' "$database"
              echo 'FLASK_APP=microblog.py'
            } > "$tmp"
            chown "$u:$u" "$tmp"
            chmod 0600 "$tmp"
            {{Markers.Touch(MarkersToTouch)}}mv -f "$tmp" "$f"
            """;
        var input = Encoding.UTF8.GetBytes(DatabaseLine + "\n");
        (await shell.RunAsync(script, new CommandOptions(Input: input), cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, $"Writing {Description}");
    }
}
