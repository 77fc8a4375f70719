using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>Says whether an SSH server answers at an address; tests give the provider a double of it.</summary>
public interface ISshProbe
{
    Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>The real probe: an SSH banner read from this machine (<see cref="TcpProbe.GreetsWithSshAsync"/>).</summary>
public sealed class SshBannerProbe : ISshProbe
{
    public Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        TcpProbe.GreetsWithSshAsync(host, port, timeout, cancellationToken);
}
