using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>Two veth pairs of the test's own, captured at once: each one's datagrams must come out of the one combined
/// interval with exact counts, and each interface must report its own drop counters.</summary>
[Trait("Category", "Root")]
public sealed class MultiFlowCaptureTests
{
    private const int Datagrams = 150, Size = 700, Overhead = 14 + 20 + 8; // Ethernet + IPv4 + UDP

    private static FlowKey SendTo(VethNamespace veth, int count)
    {
        // Nothing listens inside: the datagrams still cross the veth (the replies are ICMP, another flow).
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Parse(veth.HostV4), 0));
        var to = new IPEndPoint(IPAddress.Parse(veth.InsideV4), 9);
        var payload = new byte[Size];
        for (int i = 0; i < count; i++) sender.SendTo(payload, to);
        var from = (IPEndPoint)sender.LocalEndPoint!;
        return new FlowKey(NetAddress.FromIPAddress(from.Address), NetAddress.FromIPAddress(to.Address), (ushort)from.Port, 9, FlowKey.Udp);
    }

    [Fact]
    public void Two_interfaces_come_out_as_one_interval_with_exact_counts_and_per_interface_drops()
    {
        using var a = new VethNamespace(mtu: 1500);
        using var b = new VethNamespace(mtu: 1500);
        using var capture = MultiFlowCapture.Open([a.HostInterface, b.HostInterface]);
        capture.Start();
        // Resolve the neighbours first: until ARP answers, the kernel queues only ~200 KB per neighbour and drops the rest.
        // A first datagram leaves the host end (and is captured) only once its neighbour answered.
        var (firstA, firstB) = (SendTo(a, 1), SendTo(b, 1));
        // Taking intervals until then also starts the count clean.
        FlowTally.Until(capture, f => f.Packets(firstA) >= 1 && f.Packets(firstB) >= 1, "the first datagram on each pair");

        var flowA = SendTo(a, Datagrams);
        var flowB = SendTo(b, Datagrams * 2);
        var interval = FlowTally.Until(capture, f => f.Packets(flowA) >= Datagrams && f.Packets(flowB) >= Datagrams * 2,
            $"{Datagrams} datagrams on {a.HostInterface} and {Datagrams * 2} on {b.HostInterface}");
        Assert.Equal($"capture on {a.HostInterface}, {b.HostInterface} (wire bytes)", interval.Source);
        Assert.Equal(new FlowCount(Datagrams, Datagrams * (Size + Overhead)), interval.Flows[flowA]);
        Assert.Equal(new FlowCount(Datagrams * 2, Datagrams * 2 * (Size + Overhead)), interval.Flows[flowB]);
        Assert.True(interval.Packets >= Datagrams * 3);

        var drops = capture.Drops;
        Assert.Equal([a.HostInterface, b.HostInterface], drops.Select(d => d.Interface));
        Assert.All(drops, d => Assert.Equal((0L, 0L), (d.Dropped, d.InterfaceDropped)));
        Assert.Equal(0, capture.KernelDrops);

        // The next interval holds only what came after.
        var flowA2 = SendTo(a, 10);
        var next = FlowTally.Until(capture, f => f.Packets(flowA2) >= 10, $"10 datagrams on {flowA2}");
        Assert.False(next.Flows.ContainsKey(flowA));
        Assert.Equal(10, next.Flows[flowA2].Packets);
    }

    [Fact]
    public void One_missing_interface_fails_the_whole_open_with_its_cause()
    {
        using var a = new VethNamespace(mtu: 1500);
        string missing = $"vpsno{Environment.ProcessId % 100000}";
        var e = Assert.Throws<CaptureUnavailableException>(() => MultiFlowCapture.Open([a.HostInterface, missing]));
        Assert.Equal(CaptureFailure.NoSuchInterface, e.Cause);
        Assert.Contains(missing, e.Message);
    }
}
