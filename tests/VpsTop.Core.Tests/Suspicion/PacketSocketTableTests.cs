using VpsTop.Core.Suspicion;

namespace VpsTop.Core.Tests.Suspicion;

public sealed class PacketSocketTableTests
{
    // Header and row shape of /proc/net/packet on this kernel; the tcpdump row as recorded in the research
    // notes (SOCK_RAW, ETH_P_ALL, lo = ifindex 1), plus a wpa_supplicant-style EAPOL row that is left out.
    private const string Packet =
        "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n" +
        "ffff8f0b4a1f3000 3      3    0003   1     1 0      0      48213\n" +
        "ffff8f0b4a1f5000 3      2    888e   2     1 0      0      48999\n";

    private const string Raw =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n" +
        "   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 51234 2 ffff8f0b0c2f0000 0\n";

    [Fact]
    public void ParsesPacketRowsAndSkipsEapol()
    {
        var into = new Dictionary<ulong, CaptureSocket>();
        PacketSocketTable.ParsePacket(Packet, into);
        CaptureSocket s = Assert.Single(into.Values);
        Assert.Equal(48213UL, s.Inode);
        Assert.Equal("packet socket (raw, protocol 0x0003, interface #1)", s.Description);
    }

    [Fact]
    public void ParsesRawRowsWithTheirProtocol()
    {
        var into = new Dictionary<ulong, CaptureSocket>();
        PacketSocketTable.ParseRaw(Raw, "raw IPv4", into);
        Assert.Equal("raw IPv4 socket (ICMP)", into[51234].Description);
    }
}
