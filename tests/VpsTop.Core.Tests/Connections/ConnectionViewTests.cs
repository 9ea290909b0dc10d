using System.Net;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Connections;

/// <summary>The filters and the per-remote count shared by `vpstop connections` and the pane, on a hand-written snapshot.</summary>
public class ConnectionViewTests
{
    private static readonly ProcessIdentity Sshd = Identity(812, "sshd", "root", "/usr/sbin/sshd");
    private static readonly ProcessIdentity Miner = Identity(4242, "kworker/0:1", "www-data", "/tmp/.x/kw");

    private static ProcessIdentity Identity(int pid, string comm, string user, string exe) => new()
    {
        Pid = pid, ParentPid = 1, StartTimeTicks = 1000, StartTime = DateTimeOffset.UnixEpoch, Comm = comm, Exe = exe,
        Cmdline = [exe], Uid = 0, User = user,
    };

    private static Connection Tcp(string local, ushort lport, string remote, ushort rport, SocketState state,
        params ProcessIdentity[] owners)
    {
        var l = NetAddress.FromIPAddress(IPAddress.Parse(local));
        var r = NetAddress.FromIPAddress(IPAddress.Parse(remote));
        return new Connection(new SocketEntry(Proto.Tcp, l.Family, l, lport, r, rport, state, 0, 1, 0, 0), owners,
            owners.Length == 0 ? "TIME_WAIT" : null);
    }

    private static Connection Udp(string local, ushort lport, params ProcessIdentity[] owners)
    {
        var l = NetAddress.FromIPAddress(IPAddress.Parse(local));
        var any = NetAddress.FromIPAddress(l.Family == 4 ? IPAddress.Any : IPAddress.IPv6Any);
        return new Connection(new SocketEntry(Proto.Udp, l.Family, l, lport, any, 0, SocketState.Close, 0, 2, 0, 0), owners, null);
    }

    private static ConnectionsSnapshot Snapshot(params Connection[] rows) => ConnectionsSnapshot.Empty with
    {
        Connections = rows,
        TakenAt = DateTimeOffset.UnixEpoch
    };

    private static readonly ConnectionsSnapshot Incident = Snapshot(
        Tcp("0.0.0.0", 22, "0.0.0.0", 0, SocketState.Listen, Sshd),
        Tcp("::", 22, "::", 0, SocketState.Listen, Sshd),
        Tcp("10.0.0.5", 22, "203.0.113.9", 50001, SocketState.Established, Sshd),
        Tcp("10.0.0.5", 22, "203.0.113.9", 50002, SocketState.Established, Sshd),
        Tcp("::ffff:10.0.0.5", 22, "::ffff:203.0.113.9", 50003, SocketState.Established, Sshd),
        Tcp("10.0.0.5", 22, "198.51.100.7", 40000, SocketState.SynRecv),
        Tcp("10.0.0.5", 41000, "198.51.100.7", 3333, SocketState.Established, Miner),
        Tcp("2001:db8::5", 443, "2001:db8::99", 51000, SocketState.Established),
        Tcp("10.0.0.5", 22, "203.0.113.9", 49999, SocketState.TimeWait),
        Udp("0.0.0.0", 68));

    [Fact]
    public void All_keeps_every_row()
    {
        Assert.Equal(10, new ConnectionView().Apply(Incident).Count);
    }

    [Fact]
    public void Established_keeps_only_established_rows()
    {
        var rows = new ConnectionView(ConnectionMode.Established).Apply(Incident);
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(SocketState.Established, r.Socket.State));
    }

    [Fact]
    public void Listening_keeps_tcp_listeners_and_unconnected_udp()
    {
        var rows = new ConnectionView(ConnectionMode.Listening).Apply(Incident);
        Assert.Equal([22, 22, 68], rows.Select(r => (int)r.Socket.LocalPort));
    }

    [Fact]
    public void Text_filter_matches_program_user_address_and_state_case_insensitively()
    {
        Assert.Single(new ConnectionView(Text: "KWORKER").Apply(Incident));
        Assert.Single(new ConnectionView(Text: "www-data").Apply(Incident));
        Assert.Single(new ConnectionView(Text: ":3333").Apply(Incident));
        Assert.Single(new ConnectionView(Text: "syn_recv").Apply(Incident));
        Assert.Single(new ConnectionView(Text: "/tmp/.x").Apply(Incident));
        Assert.Empty(new ConnectionView(Text: "nginx").Apply(Incident));
    }

    [Fact]
    public void Remote_drill_down_folds_mapped_addresses()
    {
        var host = NetAddress.FromIPAddress(IPAddress.Parse("203.0.113.9"));
        var rows = new ConnectionView(Remote: host).Apply(Incident);
        Assert.Equal([50001, 50002, 50003, 49999], rows.Select(r => (int)r.Socket.RemotePort));
    }

    [Fact]
    public void By_remote_counts_established_per_host_most_first_with_mapped_folded()
    {
        var counts = RemoteHostCounter.Count(Incident);
        Assert.Equal(["203.0.113.9", "198.51.100.7", "2001:db8::99"], counts.Select(c => c.RemoteAddress.ToDisplayString()));
        Assert.Equal([3, 1, 1], counts.Select(c => c.Connections));
    }

    [Fact]
    public void By_remote_of_an_empty_snapshot_is_empty()
    {
        Assert.Empty(RemoteHostCounter.Count(ConnectionsSnapshot.Empty));
    }
}
