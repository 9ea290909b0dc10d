using System.Net;
using VpsTop.Core.Sockets;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>
/// The per-packet parser on real loopback traffic (Fixtures/pcap, made by capture.py from an AF_PACKET socket
/// and checked with tcpdump) framed three ways, and on hand-written edge cases.
/// </summary>
public class PacketHeaderParserTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pcap", name);
    private static NetAddress Ip(string text) => NetAddress.FromIPAddress(IPAddress.Parse(text));

    private static List<PacketSummary> ParseAll(string file, out LinkType link)
    {
        var pcap = PcapFile.Read(Fixture(file));
        link = pcap.Link;
        var packets = new List<PacketSummary>();
        foreach (var (data, _) in pcap.Frames)
        {
            Assert.True(PacketHeaderParser.TryParse(data, pcap.Link, out var p), $"{file}: a frame did not parse");
            packets.Add(p);
        }
        return packets;
    }

    [Theory]
    [InlineData("lo.pcap", LinkType.Ethernet)]
    [InlineData("any-sll.pcap", LinkType.LinuxSll)]
    [InlineData("any-sll2.pcap", LinkType.LinuxSll2)]
    public void Every_flow_of_the_captured_traffic_is_recognised(string file, LinkType expectedLink)
    {
        var packets = ParseAll(file, out var link);
        Assert.Equal(expectedLink, link);
        int Count(string src, ushort sport, string dst, ushort dport, byte proto) =>
            packets.Count(p => p.Flow == new FlowKey(Ip(src), Ip(dst), sport, dport, proto));

        // Each packet on lo is seen twice by the capture: leaving and arriving.
        Assert.Equal(6, Count("127.0.0.1", 40001, "127.0.0.1", 40002, FlowKey.Udp));
        Assert.Equal(4, Count("::1", 40003, "::1", 40004, FlowKey.Udp));
        Assert.Equal(10, Count("127.0.0.1", 40020, "127.0.0.1", 40010, FlowKey.Tcp));
        Assert.Equal(6, Count("127.0.0.1", 40010, "127.0.0.1", 40020, FlowKey.Tcp));
        Assert.Equal(10, Count("::1", 40021, "::1", 40011, FlowKey.Tcp));
        Assert.Equal(6, Count("::1", 40011, "::1", 40021, FlowKey.Tcp));
        Assert.Equal(4, packets.Count(p => p.Flow.Protocol == FlowKey.Icmp && p.Flow.SourcePort == 0));
        Assert.Equal(46, packets.Count);

        // The connection starts with a SYN from the client port, answered by SYN+ACK.
        var first = packets.First(p => p.Flow.SourcePort == 40020);
        Assert.Equal(0x02, first.TcpFlags);
        Assert.Equal(0x12, packets.First(p => p.Flow.SourcePort == 40010).TcpFlags);
        Assert.All(packets, p => Assert.False(p.IsFragment));
    }

    [Theory]
    [InlineData("any-sll.pcap")]
    [InlineData("any-sll2.pcap")]
    public void Cooked_captures_say_which_way_each_packet_went(string file)
    {
        var packets = ParseAll(file, out _);
        Assert.Equal(23, packets.Count(p => p.Direction == PacketDirection.Outgoing));
        Assert.Equal(23, packets.Count(p => p.Direction == PacketDirection.Incoming));
    }

    [Fact]
    public void Ethernet_frames_carry_no_direction()
    {
        Assert.All(ParseAll("lo.pcap", out _), p => Assert.Equal(PacketDirection.Unknown, p.Direction));
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        var pcap = PcapFile.Read(Fixture("any-sll2.pcap"));
        var frames = pcap.Frames.Select(f => f.Data).ToArray();
        long checksum = 0;
        foreach (var f in frames) { PacketHeaderParser.TryParse(f, pcap.Link, out var warm); checksum += warm.Flow.SourcePort; }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
            foreach (var f in frames)
                if (PacketHeaderParser.TryParse(f, pcap.Link, out var p)) checksum += p.Flow.DestinationPort;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    // ---- hand-written frames ----

    private static byte[] Ipv4(byte protocol, ushort fragmentField, byte[] transport, string src = "10.0.0.1", string dst = "10.0.0.2")
    {
        var ip = new byte[20 + transport.Length];
        ip[0] = 0x45;
        ip[2] = (byte)(ip.Length >> 8); ip[3] = (byte)ip.Length;
        ip[6] = (byte)(fragmentField >> 8); ip[7] = (byte)fragmentField;
        ip[8] = 64; ip[9] = protocol;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(ip, 12);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(ip, 16);
        transport.CopyTo(ip, 20);
        return ip;
    }

    private static readonly byte[] UdpHeader = [0x1F, 0x90, 0x00, 0x35, 0, 8, 0, 0]; // 8080 -> 53

    [Fact]
    public void A_raw_ip_frame_from_a_tun_device_is_read_without_a_link_header()
    {
        Assert.True(PacketHeaderParser.TryParse(Ipv4(FlowKey.Udp, 0, UdpHeader), LinkType.Raw, out var p));
        Assert.Equal(new FlowKey(Ip("10.0.0.1"), Ip("10.0.0.2"), 8080, 53, FlowKey.Udp), p.Flow);
    }

    [Fact]
    public void A_non_first_ipv4_fragment_has_no_ports()
    {
        Assert.True(PacketHeaderParser.TryParse(Ipv4(FlowKey.Udp, 185, UdpHeader), LinkType.Raw, out var p));
        Assert.True(p.IsFragment);
        Assert.Equal(0, p.Flow.SourcePort);
        Assert.Equal(FlowKey.Udp, p.Flow.Protocol);
    }

    [Fact]
    public void Vlan_tags_are_skipped()
    {
        byte[] ip = Ipv4(FlowKey.Tcp, 0x4000, [0x01, 0xBB, 0xC0, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x18, 0, 0, 0, 0, 0, 0]);
        byte[] frame = [.. new byte[12], 0x88, 0xA8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00, .. ip];
        Assert.True(PacketHeaderParser.TryParse(frame, LinkType.Ethernet, out var p));
        Assert.Equal(443, p.Flow.SourcePort);
        Assert.Equal(49152, p.Flow.DestinationPort);
        Assert.Equal(0x18, p.TcpFlags);
    }

    [Fact]
    public void Ipv6_extension_headers_are_walked_to_the_transport_header()
    {
        var ip = new byte[40 + 8 + 8 + 8];
        ip[0] = 0x60;
        ip[6] = 0; // hop-by-hop
        IPAddress.Parse("2001:db8::1").GetAddressBytes().CopyTo(ip, 8);
        IPAddress.Parse("2001:db8::2").GetAddressBytes().CopyTo(ip, 24);
        ip[40] = 44; ip[41] = 0;       // hop-by-hop, 8 bytes, next: fragment
        ip[48] = 17; ip[50] = 0; ip[51] = 1; // fragment offset 0 with M flag: first fragment, next: UDP
        UdpHeader.CopyTo(ip, 56);
        Assert.True(PacketHeaderParser.TryParse(ip, LinkType.Raw, out var p));
        Assert.Equal(new FlowKey(Ip("2001:db8::1"), Ip("2001:db8::2"), 8080, 53, FlowKey.Udp), p.Flow);
        Assert.False(p.IsFragment);

        ip[50] = 0x01; ip[51] = 0x01;  // offset 32: a later fragment, no transport header
        Assert.True(PacketHeaderParser.TryParse(ip, LinkType.Raw, out var later));
        Assert.True(later.IsFragment);
        Assert.Equal(0, later.Flow.SourcePort);
    }

    [Fact]
    public void Bsd_loopback_headers_give_the_family_in_either_byte_order()
    {
        byte[] ip = Ipv4(FlowKey.Udp, 0, UdpHeader);
        Assert.True(PacketHeaderParser.TryParse([2, 0, 0, 0, .. ip], LinkType.Null, out var n));
        Assert.True(PacketHeaderParser.TryParse([0, 0, 0, 2, .. ip], LinkType.Loop, out var l));
        Assert.Equal(n.Flow, l.Flow);
    }

    [Fact]
    public void A_snaplen_that_cuts_the_transport_header_keeps_the_addresses()
    {
        byte[] ip = Ipv4(FlowKey.Tcp, 0, [0x01, 0xBB]);
        Assert.True(PacketHeaderParser.TryParse(ip, LinkType.Raw, out var p));
        Assert.Equal(Ip("10.0.0.1"), p.Flow.Source);
        Assert.Equal(0, p.Flow.SourcePort);
    }

    [Theory]
    [InlineData(new byte[0], LinkType.Ethernet)]
    [InlineData(new byte[] { 1, 2, 3 }, LinkType.LinuxSll)]
    [InlineData(new byte[] { 0x45, 0, 0 }, LinkType.Raw)]
    [InlineData(new byte[] { 0x60, 0, 0, 0, 0, 0, 17 }, LinkType.Raw)]
    [InlineData(new byte[] { 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, LinkType.Raw)]
    [InlineData(new byte[] { 9, 0, 0, 0, 0x45 }, LinkType.Null)]
    public void Garbage_and_truncated_frames_are_rejected_without_throwing(byte[] frame, LinkType link)
    {
        Assert.False(PacketHeaderParser.TryParse(frame, link, out _));
    }

    [Fact]
    public void Arp_is_not_ip()
    {
        byte[] frame = [.. new byte[12], 0x08, 0x06, .. new byte[28]];
        Assert.False(PacketHeaderParser.TryParse(frame, LinkType.Ethernet, out _));
    }
}
