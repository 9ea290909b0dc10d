using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Sockets;

/// <summary>Real sockets on this machine, opened once per class: TCP listen/established on v4 and v6, an
/// IPv4 client on a dual-stack listener (mapped addresses), a client-side TIME_WAIT, and UDP v4/v6.</summary>
public sealed class LiveSocketsFixture : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public LiveSocketsFixture()
    {
        Listener4 = Listen(new IPEndPoint(IPAddress.Loopback, 0));
        (Client4, Accepted4) = Connect(Listener4, IPAddress.Loopback);

        Listener6 = Listen(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        (Client6, Accepted6) = Connect(Listener6, IPAddress.IPv6Loopback);

        DualListener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        _owned.Add(DualListener);
        DualListener.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        DualListener.Listen();
        (DualClient4, DualAccepted) = Connect(DualListener, IPAddress.Loopback);

        // The client closes first, so the client end goes FIN_WAIT2 -> TIME_WAIT once the server closes.
        var twListener = Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var (twClient, twAccepted) = Connect(twListener, IPAddress.Loopback);
        TimeWaitLocal = (IPEndPoint)twClient.LocalEndPoint!;
        TimeWaitRemote = (IPEndPoint)twClient.RemoteEndPoint!;
        twClient.Shutdown(SocketShutdown.Send);
        twAccepted.ReceiveTimeout = 5000;
        Assert.Equal(0, twAccepted.Receive(new byte[16]));
        twAccepted.Close();
        twClient.Close(); // in FIN_WAIT2 or already TIME_WAIT: the server's FIN takes it to TIME_WAIT either way

        Udp4 = Udp(AddressFamily.InterNetwork, new IPEndPoint(IPAddress.Loopback, 0));
        Udp4Connected = Udp(AddressFamily.InterNetwork, new IPEndPoint(IPAddress.Loopback, 0));
        Udp4Connected.Connect(Udp4.LocalEndPoint!);
        Udp6 = Udp(AddressFamily.InterNetworkV6, new IPEndPoint(IPAddress.IPv6Loopback, 0));
        Udp6Connected = Udp(AddressFamily.InterNetworkV6, new IPEndPoint(IPAddress.IPv6Loopback, 0));
        Udp6Connected.Connect(Udp6.LocalEndPoint!);

        Uid = ReadOwnUid();
        WaitForTimeWait();
    }

    public Socket Listener4 { get; }
    public Socket Client4 { get; }
    public Socket Accepted4 { get; }
    public Socket Listener6 { get; }
    public Socket Client6 { get; }
    public Socket Accepted6 { get; }
    public Socket DualListener { get; }
    public Socket DualClient4 { get; }
    public Socket DualAccepted { get; }
    public IPEndPoint TimeWaitLocal { get; }
    public IPEndPoint TimeWaitRemote { get; }
    public Socket Udp4 { get; }
    public Socket Udp4Connected { get; }
    public Socket Udp6 { get; }
    public Socket Udp6Connected { get; }
    public uint Uid { get; }

    public IEnumerable<Socket> OpenSockets =>
    [
        Listener4, Client4, Accepted4, Listener6, Client6, Accepted6, DualListener, DualClient4, DualAccepted,
        Udp4, Udp4Connected, Udp6, Udp6Connected,
    ];

    /// <summary>Ports of this fixture; sockets on loopback with one of them as local or remote port are ours.</summary>
    public HashSet<ushort> Ports => OpenSockets.Select(s => (ushort)((IPEndPoint)s.LocalEndPoint!).Port)
        .Append((ushort)TimeWaitLocal.Port).Append((ushort)TimeWaitRemote.Port).ToHashSet();

    public static ulong InodeOf(Socket socket)
    {
        string? target = new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget;
        Assert.NotNull(target);
        Assert.StartsWith("socket:[", target);
        return ulong.Parse(target["socket:[".Length..^1]);
    }

    private void WaitForTimeWait()
    {
        var source = new ProcNetSocketSource(SystemRoot.Live);
        var list = new List<SocketEntry>();
        Poll.Until(() =>
        {
            source.Read(list);
            return list.Where(e => e.LocalPort == TimeWaitLocal.Port && e.RemotePort == TimeWaitRemote.Port).Select(e => e.State).ToList();
        }, states => states.Contains(SocketState.TimeWait), $"the client end on port {TimeWaitLocal.Port} in TIME_WAIT",
            describe: states => $"its states [{string.Join(", ", states)}]");
    }

    private static uint ReadOwnUid()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2]); // effective uid
    }

    private Socket Listen(IPEndPoint at)
    {
        var s = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(s);
        s.Bind(at);
        s.Listen();
        return s;
    }

    private (Socket Client, Socket Accepted) Connect(Socket listener, IPAddress to)
    {
        var client = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(client);
        client.Connect(new IPEndPoint(to, ((IPEndPoint)listener.LocalEndPoint!).Port));
        var accepted = listener.Accept();
        _owned.Add(accepted);
        return (client, accepted);
    }

    private Socket Udp(AddressFamily family, IPEndPoint at)
    {
        var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        _owned.Add(s);
        s.Bind(at);
        return s;
    }

    public void Dispose()
    {
        foreach (var s in _owned)
            s.Dispose();
    }
}

public sealed class LiveSocketTests(LiveSocketsFixture f) : IClassFixture<LiveSocketsFixture>, IDisposable
{
    private readonly SockDiagSocketSource _netlink = new(SystemRoot.Live);
    private readonly ProcNetSocketSource _procfs = new(SystemRoot.Live);

    public static TheoryData<string> Sources => ["procfs", "netlink"];

    private List<SocketEntry> ReadWith(string name)
    {
        ISocketSource source = name == "netlink" ? _netlink : _procfs;
        var list = new List<SocketEntry>();
        var problems = source.Read(list);
        Assert.Empty(problems);
        return list;
    }

    private static NetAddress A(EndPoint? ep) => NetAddress.FromIPAddress(((IPEndPoint)ep!).Address);
    private static ushort P(EndPoint? ep) => (ushort)((IPEndPoint)ep!).Port;

    private static SocketEntry Find(List<SocketEntry> entries, Proto proto, EndPoint local, EndPoint? remote)
    {
        var la = A(local);
        var ra = remote is null ? new NetAddress(UInt128.Zero, la.Family) : A(remote);
        ushort rp = remote is null ? (ushort)0 : P(remote);
        var matches = entries.Where(e => e.Proto == proto && e.LocalAddress == la && e.LocalPort == P(local)
            && e.RemoteAddress == ra && e.RemotePort == rp).ToList();
        return Assert.Single(matches);
    }

    private void AssertOpen(List<SocketEntry> entries, Socket s, Proto proto, SocketState state, bool connected)
    {
        var e = Find(entries, proto, s.LocalEndPoint!, connected ? s.RemoteEndPoint : null);
        Assert.Equal(state, e.State);
        Assert.Equal(LiveSocketsFixture.InodeOf(s), e.Inode);
        Assert.Equal(f.Uid, e.Uid);
        Assert.Equal(A(s.LocalEndPoint).Family, e.Family);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Finds_tcp_listeners_and_established_pairs(string source)
    {
        var entries = ReadWith(source);
        AssertOpen(entries, f.Listener4, Proto.Tcp, SocketState.Listen, connected: false);
        AssertOpen(entries, f.Client4, Proto.Tcp, SocketState.Established, connected: true);
        AssertOpen(entries, f.Accepted4, Proto.Tcp, SocketState.Established, connected: true);
        AssertOpen(entries, f.Listener6, Proto.Tcp, SocketState.Listen, connected: false);
        AssertOpen(entries, f.Client6, Proto.Tcp, SocketState.Established, connected: true);
        AssertOpen(entries, f.Accepted6, Proto.Tcp, SocketState.Established, connected: true);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Ipv4_client_of_a_dual_stack_listener_shows_mapped_addresses(string source)
    {
        var entries = ReadWith(source);
        AssertOpen(entries, f.DualListener, Proto.Tcp, SocketState.Listen, connected: false);
        AssertOpen(entries, f.DualClient4, Proto.Tcp, SocketState.Established, connected: true);
        AssertOpen(entries, f.DualAccepted, Proto.Tcp, SocketState.Established, connected: true);

        var accepted = Find(entries, Proto.Tcp, f.DualAccepted.LocalEndPoint!, f.DualAccepted.RemoteEndPoint);
        Assert.Equal(6, accepted.Family);
        Assert.True(accepted.LocalAddress.IsV4Mapped);
        Assert.True(accepted.RemoteAddress.IsV4Mapped);
        Assert.Equal($"127.0.0.1:{P(f.DualClient4.LocalEndPoint)}", accepted.RemoteAddress.WithPort(accepted.RemotePort));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Client_that_closed_first_is_in_time_wait_without_inode(string source)
    {
        var entries = ReadWith(source);
        var e = Find(entries, Proto.Tcp, f.TimeWaitLocal, f.TimeWaitRemote);
        Assert.Equal(SocketState.TimeWait, e.State);
        Assert.Equal(0UL, e.Inode);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Finds_udp_bound_and_connected_on_v4_and_v6(string source)
    {
        var entries = ReadWith(source);
        AssertOpen(entries, f.Udp4, Proto.Udp, SocketState.Close, connected: false);
        AssertOpen(entries, f.Udp4Connected, Proto.Udp, SocketState.Established, connected: true);
        AssertOpen(entries, f.Udp6, Proto.Udp, SocketState.Close, connected: false);
        AssertOpen(entries, f.Udp6Connected, Proto.Udp, SocketState.Established, connected: true);
        Assert.True(Find(entries, Proto.Udp, f.Udp4.LocalEndPoint!, null).IsListening);
    }

    [Fact]
    public void Both_sources_agree_on_this_tests_sockets()
    {
        var ports = f.Ports;
        static HashSet<SocketEntry> Own(List<SocketEntry> all, HashSet<ushort> ports) => all
            .Where(e => e.LocalAddress.Folded.IsLoopback && (ports.Contains(e.LocalPort) || ports.Contains(e.RemotePort)))
            // Queues are live counters, and for LISTEN sock_diag reports the backlog limit instead of 0.
            .Select(e => e with { TxQueue = 0, RxQueue = 0 })
            .ToHashSet();

        var viaProcfs = Own(ReadWith("procfs"), ports);
        var viaNetlink = Own(ReadWith("netlink"), ports);

        Assert.True(viaProcfs.Count >= 14, $"only {viaProcfs.Count} own sockets seen");
        Assert.Equal(viaProcfs.OrderBy(e => e.ToString()), viaNetlink.OrderBy(e => e.ToString()));
    }

    [Fact]
    public void Factory_prefers_netlink_live_and_procfs_for_captures()
    {
        var live = SocketSources.Create(SystemRoot.Live, out string? whyNot);
        Assert.Null(whyNot);
        Assert.Equal("netlink", live.Name);
        var cross = SocketSources.CreateCrossCheck(SystemRoot.Live, live);
        Assert.Equal("procfs", cross?.Name);
        Assert.Equal("netlink", SocketSources.CreateCrossCheck(SystemRoot.Live, cross!)?.Name);
        (live as IDisposable)?.Dispose();

        var captured = FixturePaths.Root("proc-mixed");
        var fromCapture = SocketSources.Create(captured);
        Assert.Equal("procfs", fromCapture.Name);
        Assert.Null(SocketSources.CreateCrossCheck(captured, fromCapture));
    }

    [Fact]
    public void Netlink_refuses_a_captured_root()
    {
        Assert.Throws<ArgumentException>(() => new SockDiagSocketSource(FixturePaths.Root("proc-mixed")));
    }

    [Fact]
    public void Netlink_reuses_its_socket_across_reads()
    {
        var list = new List<SocketEntry>();
        for (int i = 0; i < 5; i++)
            Assert.Empty(_netlink.Read(list));
        Assert.Contains(list, e => e.Inode == LiveSocketsFixture.InodeOf(f.Listener4));
    }

    public void Dispose() => _netlink.Dispose();
}
