using System.Globalization;

namespace Workload.Configuration;

/// <summary>Checks that span several settings, run once every value is known; a rule about a refused value is not asked.</summary>
public static class SettingsRules
{
    /// <summary>The port nginx serves the app on, on the Jenkins host (templates/nginx/microblog.conf).</summary>
    public const int NginxPort = 80;

    /// <summary>Rules about the values given, whatever the run does: settings that contradict each other.</summary>
    public static void Check(WorkloadSettings settings, List<string> problems, IReadOnlySet<string> refused)
    {
        Exclusive(settings, problems, refused, ("pipNoIndex", settings.PipNoIndex), ("pipIndexUrl", settings.PipIndexUrl is not null),
            "pip --no-index installs only what is already there, so an index URL would never be read; keep one of them");
        OnePortEach(problems, refused, "the Jenkins host",
        [
            ("sshPort", settings.SshPort),
            ("jenkinsPort", settings.JenkinsPort),
            ("gunicornBind", PortOf(settings.GunicornBind)),
            ("nodeExporterListenAddress", PortOf(settings.NodeExporterListenAddress)),
            ("nginx's site (templates/nginx/microblog.conf)", NginxPort),
        ]);
        OnePortEach(problems, refused, "the monitoring host",
        [
            ("sshPort", settings.SshPort),
            ("prometheusListenAddress", PortOf(settings.PrometheusListenAddress)),
            ("grafanaPort", settings.GrafanaPort),
        ]);
        OnePortEach(problems, refused, "this machine's testbed bridge address", [("localProxyPort", settings.LocalProxyPort), ("localMirrorPort", settings.LocalMirrorPort)]);
    }

    /// <summary>Rules a run that reaches hosts needs: where the hosts are (provider=existing), who may reach them (provider=aws).</summary>
    public static void CheckHosts(WorkloadSettings settings, List<string> problems, IReadOnlySet<string> refused)
    {
        if (ProviderKind.Find(settings.Provider) is { MakesHosts: false })
        {
            if (settings.JenkinsAddress is null && !refused.Contains("jenkinsAddress"))
            {
                problems.Add("jenkinsAddress: required when provider=existing (the address the tool connects to for the Jenkins host)");
            }

            if (settings.MonitoringAddress is null && !refused.Contains("monitoringAddress"))
            {
                problems.Add("monitoringAddress: required when provider=existing (the address the tool connects to for the monitoring host)");
            }
        }

        if (!refused.Contains("adminCidr"))
        {
            AwsSettingsRules.Check(settings, problems);
        }
    }

    private static int? PortOf(string? listenAddress) =>
        listenAddress is null ? null : int.Parse(listenAddress[(listenAddress.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Two options of which at most one may be set: names both keys.</summary>
    private static void Exclusive(WorkloadSettings settings, List<string> problems, IReadOnlySet<string> refused, (string Key, bool Set) first, (string Key, bool Set) second, string why)
    {
        if (first.Set && second.Set && !refused.Contains(first.Key) && !refused.Contains(second.Key))
        {
            problems.Add($"{first.Key} and {second.Key}: both set ({settings.Origins.GetValueOrDefault(first.Key)}; {settings.Origins.GetValueOrDefault(second.Key)}), but they exclude each other: {why}");
        }
    }

    /// <summary>Two services configured on one port of one host: names both keys and the port.</summary>
    private static void OnePortEach(List<string> problems, IReadOnlySet<string> refused, string host, IReadOnlyList<(string Key, int? Port)> services)
    {
        var claimed = new Dictionary<int, string>();
        foreach (var (key, port) in services)
        {
            if (port is not { } number || refused.Contains(key))
            {
                continue;
            }

            if (claimed.TryGetValue(number, out var first))
            {
                problems.Add($"{first} and {key}: both use port {number} on {host}; expected a port of its own for each service");
                continue;
            }

            claimed[number] = key;
        }
    }
}
