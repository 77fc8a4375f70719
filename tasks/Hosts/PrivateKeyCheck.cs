namespace Workload.Hosts;

/// <summary>Refuses a private key file that is missing or readable by others, as OpenSSH does, before any connection.</summary>
public static class PrivateKeyCheck
{
    public static void Require(HostEndpoint endpoint)
    {
        if (!File.Exists(endpoint.KeyFile))
        {
            throw new HostConnectionException(
                $"Cannot connect to {endpoint.Describe()}: the private key file {endpoint.KeyFile} does not exist (setting sshPrivateKey).");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(endpoint.KeyFile);
            var open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & open) != 0)
            {
                throw new HostConnectionException(
                    $"Cannot connect to {endpoint.Describe()}: the private key file {endpoint.KeyFile} is accessible by group or others " +
                    $"(mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); run chmod 600 {endpoint.KeyFile}.");
            }
        }
    }
}
