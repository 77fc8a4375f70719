namespace Workload.Configuration;

/// <summary>The two hosts of the workload.</summary>
public enum HostRole
{
    /// <summary>Jenkins, the app behind nginx and gunicorn, the node exporter.</summary>
    Jenkins,

    /// <summary>Prometheus and Grafana.</summary>
    Monitoring,
}
