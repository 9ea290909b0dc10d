using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Cli;

/// <summary>
/// Opens several hundred real sockets of every kind, then checks `vpstop connections --json` against `ss -tunapeH`
/// taken at the same moment: the same sockets, states, inodes and owning PIDs.
/// </summary>
public sealed class ConnectionsVsSsTests : IDisposable
{
    private readonly List<IDisposable> _held = [];
    private readonly HashSet<int> _ports = [];
    private int _dualPort;

    public void Dispose()
    {
        foreach (var d in _held) d.Dispose();
    }

    private (Socket Client, Socket Server) Connect(Socket listener, IPAddress to)
    {
        var client = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(new IPEndPoint(to, ((IPEndPoint)listener.LocalEndPoint!).Port));
        var server = listener.Accept();
        return (client, server);
    }

    private Socket ListenSocket(IPAddress address, bool dualMode = false)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (dualMode) socket.DualMode = true;
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(1024);
        _held.Add(socket);
        _ports.Add(((IPEndPoint)socket.LocalEndPoint!).Port);
        return socket;
    }

    private void OpenMix()
    {
        var v4 = ListenSocket(IPAddress.Loopback);
        var v6 = ListenSocket(IPAddress.IPv6Loopback);
        var dual = ListenSocket(IPAddress.IPv6Any, dualMode: true);
        _dualPort = ((IPEndPoint)dual.LocalEndPoint!).Port;
        for (int i = 0; i < 100; i++) { var (c, s) = Connect(v4, IPAddress.Loopback); _held.Add(c); _held.Add(s); }
        for (int i = 0; i < 50; i++) { var (c, s) = Connect(v6, IPAddress.IPv6Loopback); _held.Add(c); _held.Add(s); }
        // IPv4 clients of a dual-stack listener: the server ends carry ::ffff:127.0.0.1.
        for (int i = 0; i < 30; i++) { var (c, s) = Connect(dual, IPAddress.Loopback); _held.Add(c); _held.Add(s); }
        // The side that closes first ends in TIME_WAIT once the other side closes too.
        var closed = new HashSet<int>();
        for (int i = 0; i < 20; i++)
        {
            var (c, s) = Connect(v4, IPAddress.Loopback);
            closed.Add(((IPEndPoint)c.LocalEndPoint!).Port);
            c.Close();
            s.Close();
        }
        for (int i = 0; i < 10; i++)
        {
            foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
            {
                var u = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                u.Bind(new IPEndPoint(address, 0));
                _held.Add(u);
                _ports.Add(((IPEndPoint)u.LocalEndPoint!).Port);
            }
            var connected = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            connected.Connect(new IPEndPoint(IPAddress.Loopback, 9));
            _held.Add(connected);
            _ports.Add(((IPEndPoint)connected.LocalEndPoint!).Port);
        }
        // The closing handshakes finished: both reads below must see the same states.
        int server = ((IPEndPoint)v4.LocalEndPoint!).Port;
        bool Closed(SsRow r) => r.Proto == "tcp"
            && (closed.Contains(r.LocalPort) && r.RemotePort == server || r.LocalPort == server && closed.Contains(r.RemotePort));
        Poll.Until(() => SsTable.Read().Where(Closed).ToList(), rows => rows.Count == closed.Count && rows.All(r => r.State == "TIME_WAIT"),
            $"the {closed.Count} closed connections in TIME_WAIT, alone", describe: rows => string.Join(", ", rows.Select(r => r.Key)));
    }

    private bool Ours(string proto, int localPort, int remotePort) => _ports.Contains(localPort) || (proto == "tcp"
        && _ports.Contains(remotePort));

    [Fact]
    public void Json_matches_ss_for_every_socket_the_test_opened()
    {
        OpenMix();
        var (exit, stdout, stderr) = Vpstop.Run("connections", "--json");
        var ss = SsTable.Read();
        Assert.True(exit == 0, stderr);

        var fromSs = ss.Where(r => Ours(r.Proto, r.LocalPort, r.RemotePort)).ToDictionary(r => r.Key);
        var fromVpstop = new Dictionary<string, SsRow>();
        using var doc = JsonDocument.Parse(stdout);
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var row = new SsRow(
                e.GetProperty("proto").GetString()!,
                SsTable.Normalise(e.GetProperty("localAddress").GetString()!), e.GetProperty("localPort").GetInt32(),
                SsTable.Normalise(e.GetProperty("remoteAddress").GetString()!), e.GetProperty("remotePort").GetInt32(),
                e.GetProperty("state").GetString()!, e.GetProperty("inode").GetUInt64(),
                e.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToHashSet());
            if (Ours(row.Proto, row.LocalPort, row.RemotePort)) fromVpstop[row.Key] = row;
        }

        Assert.True(fromSs.Count >= 400, $"expected several hundred sockets, ss saw {fromSs.Count}");
        Assert.Equal(fromSs.Keys.Order(), fromVpstop.Keys.Order());
        foreach (var (key, ssRow) in fromSs)
            Assert.True(ssRow.Pids.SetEquals(fromVpstop[key].Pids),
                $"{key}: ss owners {string.Join(',', ssRow.Pids)}, vpstop {string.Join(',', fromVpstop[key].Pids)}");

        // Every kind really is in the comparison, not just the easy ones.
        Assert.Contains(fromSs.Values, r => r.State == "TIME_WAIT");
        Assert.Contains(fromSs.Values, r => r.State == "LISTEN" && r.Local == "*");
        Assert.Contains(fromSs.Values, r => r.Proto == "udp" && r.State == "UNCONN");
        Assert.Contains(fromSs.Values, r => r.Proto == "udp" && r.State == "ESTABLISHED");
        Assert.Contains(fromSs.Values, r => r.Local == "::1" && r.State == "ESTABLISHED");
        Assert.Contains(fromVpstop.Values, r => r.Pids.Contains(Environment.ProcessId));
        // The mapped server ends: an IPv4 peer on the dual-stack listener, family 6, shown as plain IPv4.
        // Counted on the dual-stack listener's own port: another test's socket may share a port number with one of
        // this test's UDP sockets (failed CI once with 31).
        var mapped = doc.RootElement.EnumerateArray().Where(e => e.GetProperty("family").GetInt32() == 6
            && e.GetProperty("proto").GetString() == "tcp" && e.GetProperty("localPort").GetInt32() == _dualPort
            && e.GetProperty("remoteAddress").GetString() == "127.0.0.1").ToList();
        Assert.Equal(30, mapped.Count);
    }

    [Fact]
    public void By_remote_counts_established_connections_per_remote_ip()
    {
        OpenMix();
        var (exit, stdout, stderr) = Vpstop.Run("connections", "--by-remote", "--json");
        var ss = SsTable.Read();
        Assert.True(exit == 0, stderr);
        var expected = ss.Where(r => r.State == "ESTABLISHED").GroupBy(r => r.Remote).ToDictionary(g => g.Key, g => g.Count());
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().Select(e => (Address: e.GetProperty("remoteAddress").GetString()!,
            Count: e.GetProperty("connections").GetInt32())).ToList();
        Assert.Equal(rows.OrderByDescending(r => r.Count).Select(r => r.Count), rows.Select(r => r.Count));
        // 100 + 30 mapped (folded into 127.0.0.1) client and server ends, plus the UDP ones, plus whatever else the machine has.
        var loopback4 = rows.Single(r => r.Address == "127.0.0.1").Count;
        Assert.True(loopback4 >= 2 * 130 + 10, $"127.0.0.1 counted {loopback4}");
        // Other programs on the machine may open or close a few loopback connections between the two reads.
        Assert.InRange(loopback4, expected["127.0.0.1"] - 4, expected["127.0.0.1"] + 4);
        Assert.True(rows.Single(r => r.Address == "::1").Count >= 100);
    }
}
