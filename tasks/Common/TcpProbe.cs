using System.Net.Sockets;
using System.Text;

namespace Workload.Common;

/// <summary>
/// Asks a TCP port from this machine whether it answers, and what it greets with: the one probe that tells when a
/// service or a host's sshd is up (the testbed's services and machines, EC2 instances).
/// </summary>
public static class TcpProbe
{
    /// <summary>Whether a connection to the port succeeds within <paramref name="timeout"/>.</summary>
    public static async Task<bool> AcceptsAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(host, port, timeout, cancellationToken).ConfigureAwait(false);
        return client is not null;
    }

    /// <summary>The first line the server sends (an SSH server's banner, "SSH-2.0-..."), or null when it sends none in time.</summary>
    public static async Task<string?> ReadGreetingAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(host, port, timeout, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Whether an SSH server greets at the port ("SSH-2.0-..."). An open port alone is not enough, since sshd may
    /// accept and close connections while the host is still booting.
    /// </summary>
    public static async Task<bool> GreetsWithSshAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await ReadGreetingAsync(host, port, timeout, cancellationToken).ConfigureAwait(false))?.StartsWith("SSH-", StringComparison.Ordinal) == true;

    private static async Task<TcpClient?> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            return null;
        }
    }
}
