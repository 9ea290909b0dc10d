using System.Diagnostics;
using System.Net;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

public class TrafficAttributorTests
{
    private static NetAddress Ip(string s) => NetAddress.FromIPAddress(IPAddress.Parse(s));

    private static ProcessIdentity Process(int pid, string comm) => new()
    {
        Pid = pid, ParentPid = 1, StartTimeTicks = (ulong)pid * 10, StartTime = DateTimeOffset.UnixEpoch, Comm = comm,
        Cmdline = [comm], Uid = 0, User = "root",
    };

    private static Connection Socket(Proto proto, string local, ushort lport, string remote, ushort rport, SocketState state,
        params ProcessIdentity[] owners)
    {
        var l = Ip(local);
        return new Connection(new SocketEntry(proto, l.Family, l, lport, Ip(remote), rport, state, 0, 1, 0, 0), owners,
            owners.Length == 0 ? "none" : null);
    }

    private static FlowInterval Interval(params (string Src, ushort Sport, string Dst, ushort Dport, byte Proto, long Bytes)[] flows)
    {
        var d = new Dictionary<FlowKey, FlowCount>();
        foreach (var f in flows) d[new FlowKey(Ip(f.Src), Ip(f.Dst), f.Sport, f.Dport, f.Proto)] = new FlowCount(1, f.Bytes);
        return new FlowInterval(d, flows.Length, flows.Sum(f => f.Bytes), 0, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Flows_go_to_exact_sockets_then_listeners_and_unknowns_say_why()
    {
        var curl = Process(100, "curl");
        var nginx = Process(200, "nginx");
        var dns = Process(300, "named");
        var snapshot = ConnectionsSnapshot.Empty with
        {
            Connections =
            [
                Socket(Proto.Tcp, "127.0.0.1", 5000, "127.0.0.1", 80, SocketState.Established, curl),
                Socket(Proto.Tcp, "::ffff:127.0.0.1", 80, "::ffff:127.0.0.1", 5000, SocketState.Established, nginx),
                Socket(Proto.Tcp, "::", 80, "::", 0, SocketState.Listen, nginx),
                Socket(Proto.Tcp, "10.0.0.5", 22, "203.0.113.9", 4000, SocketState.SynRecv),
                Socket(Proto.Tcp, "10.0.0.5", 22, "203.0.113.9", 3999, SocketState.TimeWait),
                Socket(Proto.Udp, "0.0.0.0", 53, "0.0.0.0", 0, SocketState.Close, dns),
            ],
        };
        var rows = new TrafficAttributor().Attribute(Interval(
            ("127.0.0.1", 5000, "127.0.0.1", 80, FlowKey.Tcp, 1000),
            ("127.0.0.1", 80, "127.0.0.1", 5000, FlowKey.Tcp, 200),
            ("203.0.113.9", 4000, "10.0.0.5", 22, FlowKey.Tcp, 60),
            ("203.0.113.9", 3999, "10.0.0.5", 22, FlowKey.Tcp, 52),
            ("198.51.100.1", 5555, "10.0.0.5", 8080, FlowKey.Tcp, 100),
            ("192.0.2.1", 33333, "10.0.0.5", 53, FlowKey.Udp, 500),
            ("192.0.2.1", 0, "10.0.0.5", 0, FlowKey.Icmp, 84)), snapshot);

        ProcessTraffic Of(ProcessIdentity p) => rows.Single(r => r.Process?.Pid == p.Pid);
        Assert.Equal((1000, 200), (Of(curl).SentBytes, Of(curl).ReceivedBytes));
        Assert.Equal((200, 1000), (Of(nginx).SentBytes, Of(nginx).ReceivedBytes)); // the mapped socket of a dual-stack server
        Assert.Equal((0, 500), (Of(dns).SentBytes, Of(dns).ReceivedBytes));        // an unconnected UDP socket on the port
        Assert.Equal(60, rows.Single(r => r.UnknownReason == TrafficAttributor.HalfOpen).ReceivedBytes);
        Assert.Equal(52, rows.Single(r => r.UnknownReason == TrafficAttributor.TimeWait).ReceivedBytes);
        Assert.Equal(100, rows.Single(r => r.UnknownReason == TrafficAttributor.NoSocket).ReceivedBytes); // the scan of 8080
        Assert.Equal(84, rows.Single(r => r.UnknownReason == TrafficAttributor.OtherProtocol).ReceivedBytes); // the ping
        Assert.Equal(rows.OrderByDescending(r => r.TotalBytes).Select(r => r.TotalBytes), rows.Select(r => r.TotalBytes));
    }

    [Fact]
    public void Unknown_traffic_is_told_apart_closed_port_here_or_another_namespace_and_keeps_its_direction()
    {
        var sshd = Process(812, "sshd");
        var index = new SocketIndex();
        index.Merge([Socket(Proto.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, SocketState.Listen, sshd)], complete: true);
        index.AddLocalAddresses([Ip("10.0.0.5")]);
        var result = new TrafficAttributor().Attribute(Interval(
            ("198.51.100.1", 5555, "10.0.0.5", 8080, FlowKey.Tcp, 60),   // a scan of a closed port here
            ("10.0.0.5", 8080, "198.51.100.1", 5555, FlowKey.Tcp, 40),   // the RST back
            ("172.17.0.2", 40000, "93.184.216.34", 443, FlowKey.Tcp, 900)), index); // a container's traffic on the bridge

        var noSocket = result.Processes.Single(r => r.UnknownReason == TrafficAttributor.NoSocket);
        Assert.Equal((40, 60), (noSocket.SentBytes, noSocket.ReceivedBytes));
        Assert.Equal(900, result.Processes.Single(r => r.UnknownReason == TrafficAttributor.OtherNamespace).TotalBytes);
        // The flows view has each connection once, seen from this host's end.
        var scan = result.Conversations.Single(c => c.Key.LocalPort == 8080);
        Assert.Equal((40, 60), (scan.SentBytes, scan.ReceivedBytes));
        Assert.Equal(AttributionRule.Unknown, scan.Rule);
    }

    [Fact]
    public void A_wildcard_listener_takes_new_connections_to_its_port()
    {
        var sshd = Process(812, "sshd");
        var snapshot = ConnectionsSnapshot.Empty with
        {
            Connections = [Socket(Proto.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, SocketState.Listen,
            sshd)]
        };
        var rows = new TrafficAttributor().Attribute(Interval(("203.0.113.9", 4001, "10.0.0.5", 22, FlowKey.Tcp, 74)), snapshot);
        Assert.Equal(74, Assert.Single(rows).ReceivedBytes);
        Assert.Equal(812, rows[0].Process!.Pid);
    }
}

/// <summary>Real processes, real capture: two children exchange a known number of bytes over loopback, and the
/// capture plus the socket table credit exactly those two PIDs.</summary>
[Collection("loopback capture")]
[Trait("Category", "Root")]
public sealed class LiveTrafficAttributionTests
{
    private static Process Python(Children children, string code)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        return children.Start(start);
    }

    [Fact]
    public void Each_process_gets_the_bytes_it_sent_and_received_and_no_one_else_does()
    {
        const int total = 4 << 20;
        using var capture = PcapFlowCapture.Open("lo");
        capture.Start();
        using var children = new Children();
        var server = Python(children, "import socket,sys,time\nl=socket.socket(); l.bind(('127.0.0.1',0)); l.listen()\n" +
                                  "print(l.getsockname()[1], flush=True)\ns,_=l.accept(); n=0\n" +
                                  $"while n < {total}: n += len(s.recv(65536))\nprint('got', flush=True); time.sleep(30)");
        int port = int.Parse(server.StandardOutput.ReadLine()!);
        capture.TakeInterval();
        var client = Python(children, $"import socket,time\nc=socket.create_connection(('127.0.0.1',{port}))\nc.sendall(b'u'*{total})\n" +
                            "print('sent', flush=True); time.sleep(30)");
        Assert.Equal("sent", client.StandardOutput.ReadLine());
        Assert.Equal("got", server.StandardOutput.ReadLine());
        // Every byte the server read, captured: the payload of each segment past its headers (Ethernet 14, IPv4 20, TCP
        // with timestamps 32).
        var interval = FlowTally.Until(capture, f => f.Where(u => u.Key.Protocol == FlowKey.Tcp && u.Key.DestinationPort == port)
            .Sum(u => u.Value.Bytes - u.Value.Packets * (14 + 20 + 32)) >= total, $"the {total}-byte upload to port {port}, captured");

        var reader = new ProcessReader(SystemRoot.Live);
        var snapshot = new ConnectionsCollector(SocketSources.Create(SystemRoot.Live), new SocketOwnerScanner(SystemRoot.Live, reader),
            reader.UserName).Collect();
        var rows = new TrafficAttributor().Attribute(interval, snapshot);

        // The upload flow as captured: its byte count (checked against the kernel in PcapFlowCaptureTests)
        // must be credited exactly, to exactly these two processes.
        var upload = interval.Flows.Where(f => f.Key.Protocol == FlowKey.Tcp && f.Key.DestinationPort == port).Select(f =>
            f.Value).ToList();
        long uploadBytes = upload.Sum(f => f.Bytes), uploadPackets = upload.Sum(f => f.Packets);
        // Wire bytes are the payload plus each packet's headers (Ethernet 14 + IPv4 20 + TCP 20 at least). Above
        // that only a sanity bound: a loaded machine retransmits whole 64 KB loopback segments now and then.
        Assert.InRange(uploadBytes, total + uploadPackets * 54, total * 1.5);
        var up = rows.Single(r => r.Process?.Pid == client.Id);
        var down = rows.Single(r => r.Process?.Pid == server.Id);
        Assert.Equal(uploadBytes, up.SentBytes);
        Assert.Equal(uploadBytes, down.ReceivedBytes);
        Assert.Equal(up.ReceivedBytes, down.SentBytes);   // the ACKs, the other way
        Assert.InRange(up.ReceivedBytes, 1, total / 50);
        // Nobody else gets any of it: attributing only this connection's flows yields exactly the two ends.
        var ours = interval.Flows.Where(f => f.Key.SourcePort == port || f.Key.DestinationPort == port).ToDictionary();
        var only = new TrafficAttributor().Attribute(interval with { Flows = ours }, snapshot);
        Assert.Equal(new[] { client.Id, server.Id }.Order(), only.Select(r => r.Process?.Pid ?? -1).Order());
    }
}
