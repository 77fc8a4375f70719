using System.Globalization;

namespace Workload.Hosts;

/// <summary>host:port listen addresses as the settings give them (":9100", "127.0.0.1:5000", "[::]:9090").</summary>
public static class ListenAddress
{
    /// <summary>The port of a listen address.</summary>
    public static int Port(string listen) =>
        int.Parse(listen[(listen.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Where to reach a listen address from the host itself: ":9100" and "0.0.0.0:9100" are 127.0.0.1:9100.</summary>
    public static string Local(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = listen[..colon].Trim('[', ']');
        return (host is "" or "0.0.0.0" or "::" ? "127.0.0.1" : listen[..colon]) + listen[colon..];
    }
}
