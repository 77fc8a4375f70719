using System.Text.RegularExpressions;
using Workload.Configuration;
using Workload.Hosts;

namespace Workload.State;

/// <summary>
/// What a state file may hold: the formats of the settings each field stands in for. A state file is written by the
/// tool, but it is a file on disk that anyone may edit, and its addresses, users and paths reach SSH and host files.
/// </summary>
public static partial class WorkloadStateRules
{
    private static readonly string[] Roles = ["jenkins", "monitoring"];

    private static readonly string[] Providers = ["", .. ProviderKind.All.Select(k => k.Name)];

    /// <summary>Host key types the tool accepts from provisioning.</summary>
    private static readonly string[] HostKeyTypes =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

    /// <summary>Each field that is not what the tool writes, as "hosts.jenkins.user: got ..., expected ...".</summary>
    public static IReadOnlyList<string> Problems(WorkloadState state)
    {
        var problems = new List<string>();
        if (!Providers.Contains(state.Provider, StringComparer.Ordinal))
        {
            problems.Add($"provider: got {SettingFormats.Shown(state.Provider)}, expected one of: {string.Join(", ", ProviderKind.All)}");
        }

        foreach (var (role, host) in state.Hosts)
        {
            if (!Roles.Contains(role, StringComparer.Ordinal))
            {
                problems.Add($"hosts: got a host named {SettingFormats.Shown(role)}, expected jenkins or monitoring");
                continue;
            }

            var field = $"hosts.{role}";
            Expect(problems, $"{field}.id", host.Id, IdPattern().IsMatch(host.Id), "an instance id, machine name or address (letters, digits, '.', '_', ':', '-')");
            Format(problems, $"{field}.publicAddress", host.PublicAddress, ValueFormat.Address, optional: true);
            Format(problems, $"{field}.privateAddress", host.PrivateAddress, ValueFormat.Address, optional: true);
            Format(problems, $"{field}.user", host.User, ValueFormat.AccountName, optional: false);
            if (host.Port is < 1 or > 65535)
            {
                problems.Add($"{field}.port: got {host.Port}, expected a TCP port from 1 to 65535");
            }

            if (host.KeyFile.Length > 0)
            {
                Expect(problems, $"{field}.keyFile", host.KeyFile, Path.IsPathRooted(host.KeyFile) && SettingFormats.Problem(ValueFormat.Path, host.KeyFile, "/") is null, "an absolute path on this machine");
            }

            if (host.HostKey is { } hostKey)
            {
                Expect(problems, $"{field}.hostKey", hostKey, IsHostKey(hostKey), $"an SSH public key as 'type base64' ({string.Join(", ", HostKeyTypes)})");
            }
        }

        foreach (var (key, value) in state.Resources)
        {
            Expect(problems, $"resources.{key}", key, ResourceKeyPattern().IsMatch(key), "a resource name of letters, digits, '.', '_', ':', '/' or '-'");
            Format(problems, $"resources.{key}", value, ValueFormat.Text, optional: true);
        }

        return problems;
    }

    private static bool IsHostKey(string text)
    {
        var fields = text.Split(' ');
        if (fields.Length != 2 || !HostKeyTypes.Contains(fields[0], StringComparer.Ordinal))
        {
            return false;
        }

        try
        {
            return KnownHostsFile.KeyTypeOf(Convert.FromBase64String(fields[1])) == fields[0];
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static void Format(List<string> problems, string field, string value, ValueFormat format, bool optional)
    {
        if (optional && value.Length == 0)
        {
            return;
        }

        if (SettingFormats.Problem(format, value, "/") is { } reason)
        {
            problems.Add($"{field}: got {SettingFormats.Shown(value)}{(reason.Length > 0 ? $" ({reason})" : string.Empty)}, expected {SettingFormats.Rules[format].Expectation}");
        }
    }

    private static void Expect(List<string> problems, string field, string value, bool valid, string expected)
    {
        if (!valid || SettingFormats.ControlCharacter(value) is not null)
        {
            problems.Add($"{field}: got {SettingFormats.Shown(value)}, expected {expected}");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\[\]-]{1,255}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:/-]{1,128}\z")]
    private static partial Regex ResourceKeyPattern();
}
