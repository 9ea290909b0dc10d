using System.Net;
using System.Net.Sockets;

namespace VpsTop.Core.Tests.Support;

/// <summary>A TCP port free on 127.0.0.1 right now, for a test's own sshd.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
