using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Sockets;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>Real capture with libpcap on lo: transfers of known sizes must come out as the right wire bytes
/// on the right flows.</summary>
[Collection("loopback capture")]
public sealed class PcapFlowCaptureTests
{
    private static NetAddress Ip(IPAddress a) => NetAddress.FromIPAddress(a);

    [Theory]
    [Trait("Category", "Root")]
    [InlineData("127.0.0.1", 14 + 20 + 8)]
    [InlineData("::1", 14 + 40 + 8)]
    public void Udp_datagrams_are_counted_with_their_wire_length(string address, int overhead)
    {
        var ip = IPAddress.Parse(address);
        using var capture = PcapFlowCapture.Open("lo");
        capture.Start();
        using var receiver = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(ip, 0));
        using var sender = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(ip, 0));
        var to = (IPEndPoint)receiver.LocalEndPoint!;
        capture.TakeInterval(); // start clean: whatever came before the sockets existed
        const int datagrams = 200, size = 1000;
        var payload = new byte[size];
        for (int i = 0; i < datagrams; i++) sender.SendTo(payload, to);
        var flow = new FlowKey(Ip(ip), Ip(ip), (ushort)((IPEndPoint)sender.LocalEndPoint!).Port, (ushort)to.Port, FlowKey.Udp);

        var interval = FlowTally.Until(capture, f => f.Packets(flow) >= datagrams, $"{datagrams} datagrams on {flow}");
        Assert.True(interval.Flows.TryGetValue(flow, out var count), "the flow was not seen");
        // libpcap shows each loopback packet once (it drops the outgoing copy): exact counts.
        Assert.Equal(datagrams, count.Packets);
        Assert.Equal((long)datagrams * (size + overhead), count.Bytes);
        Assert.Equal(0, capture.Statistics.Dropped);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void A_tcp_upload_is_counted_within_two_percent_on_the_sending_flow()
    {
        using var capture = PcapFlowCapture.Open("lo");
        capture.Start();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = listener.AcceptTcpClient();
        capture.TakeInterval();

        const int total = 8 << 20;
        long got = 0;
        var reader = new Thread(() =>
        {
            var buffer = new byte[1 << 16];
            var stream = server.GetStream();
            while (got < total) got += stream.Read(buffer);
        });
        reader.Start();
        var chunk = new byte[1 << 16];
        var stream = client.GetStream();
        for (int sent = 0; sent < total; sent += chunk.Length) stream.Write(chunk);
        Assert.True(reader.Join(TimeSpan.FromSeconds(20)), $"the server read {got} of {total} bytes");

        var local = (IPEndPoint)client.Client.LocalEndPoint!;
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        // TcpClient is a dual-stack socket: its endpoints read ::ffff:127.0.0.1, the wire carries IPv4.
        var upFlow = new FlowKey(Ip(local.Address).Folded, Ip(remote.Address).Folded, (ushort)local.Port, (ushort)remote.Port, FlowKey.Tcp);
        // Wire bytes are the payload plus, per segment, Ethernet (14) + IPv4 (20) + TCP with timestamps (32).
        // How many segments depends on load (GSO on lo makes up to 64 KB ones), so the truth is computed per run.
        const int headers = 14 + 20 + 32;
        var interval = FlowTally.Until(capture, f => f.GetValueOrDefault(upFlow) is var c && c.Bytes - c.Packets * headers >= total,
            $"the {total} bytes the server read, captured on {upFlow}");
        var up = interval.Flows[upFlow];
        // The kernel's own count of payload it sent, retransmissions included (tcp_info.tcpi_bytes_sent, Linux 4.19+).
        var info = new byte[256];
        int length = client.Client.GetRawSocketOption(6 /* IPPROTO_TCP */, 11 /* TCP_INFO */, info);
        Assert.True(length >= 216, $"tcp_info is {length} bytes");
        long sentByKernel = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(200));
        Assert.True(sentByKernel >= total, $"tcp_info says {sentByKernel} bytes sent");
        Assert.True(up.Bytes > total, $"{up.Bytes} wire bytes for a {total}-byte upload");
        Assert.InRange(up.Bytes - up.Packets * headers, sentByKernel * 0.98, sentByKernel * 1.02);
        long ackBytes = interval.Flows[upFlow.Reverse()].Bytes;
        Assert.True(ackBytes < total / 50, $"the ACK direction carried {ackBytes} bytes");
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Intervals_do_not_count_a_packet_twice()
    {
        using var capture = PcapFlowCapture.Open("lo");
        capture.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var self = (IPEndPoint)socket.LocalEndPoint!;
        var flow = new FlowKey(Ip(IPAddress.Loopback), Ip(IPAddress.Loopback), (ushort)self.Port, (ushort)self.Port, FlowKey.Udp);
        capture.TakeInterval();
        long seen = 0;
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 10; i++) socket.SendTo(new byte[10], self);
            Thread.Sleep(150); // paces the rounds, so intervals end while deliveries are under way
            seen += capture.TakeInterval().Flows.Packets(flow);
        }
        long before = seen;
        var rest = FlowTally.Until(capture, f => before + f.Packets(flow) >= 50, $"the rest of 50 datagrams (had {before})");
        seen += rest.Flows.Packets(flow);
        Assert.Equal(50, seen);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Programs_started_while_capturing_do_not_inherit_the_capture_socket()
    {
        using var capture = PcapFlowCapture.Open("lo");
        capture.Start();
        var packetInodes = File.ReadLines("/proc/net/packet").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 9).Select(f => f[8]).ToHashSet();
        Assert.NotEmpty(packetInodes);
        using var children = new Support.Children();
        var child = children.Sleep();
        var inherited = Directory.GetFiles($"/proc/{child.Id}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "")
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal) && packetInodes.Contains(target[8..^1]))
            .ToList();
        Assert.Empty(inherited);
    }

    [Fact]
    public void A_missing_interface_is_named_in_the_error()
    {
        var e = Assert.Throws<CaptureUnavailableException>(() => PcapFlowCapture.Open("vpstop-no-such0"));
        Assert.Contains("no such interface: vpstop-no-such0", e.Message);
        Assert.Contains("lo", e.Message);
    }
}
