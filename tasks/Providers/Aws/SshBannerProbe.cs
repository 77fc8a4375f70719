using System.Net.Sockets;
using System.Text;

namespace Workload.Providers.Aws;

/// <summary>Says whether an SSH server answers at an address.</summary>
public interface ISshProbe
{
    Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// Connects and reads the server's first line: an SSH server greets with "SSH-2.0-...". An open port alone is
/// not enough, since sshd may accept and close connections while the host is still booting.
/// </summary>
public sealed class SshBannerProbe : ISshProbe
{
    public async Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await client.GetStream().ReadAsync(buffer, limit.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
