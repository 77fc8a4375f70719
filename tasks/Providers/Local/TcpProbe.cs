using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using System.Text;

namespace Workload.Providers.Local;

/// <summary>Asks a TCP port whether it answers, from this machine; used to tell when a service or a host's sshd is up.</summary>
[SupportedOSPlatform("linux")]
public static class TcpProbe
{
    /// <summary>Whether a connection to the port succeeds within <paramref name="timeout"/>.</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(address, port, timeout, cancellationToken).ConfigureAwait(false);
        return client is not null;
    }

    /// <summary>The first line the server sends (an SSH server's banner, "SSH-2.0-..."), or null when it sends none in time.</summary>
    public static async Task<string?> ReadGreetingAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(address, port, timeout, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = new byte[256];
        try
        {
            var read = await client.GetStream().ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
            return read == 0 ? null : Encoding.ASCII.GetString(buffer, 0, read).Split('\n')[0].TrimEnd('\r');
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<TcpClient?> ConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(address, port, deadline.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            return null;
        }
    }
}
