namespace VpsTop.Core.Traffic;

/// <summary>The pcap link-layer header types VpsTop reads (tcpdump.org/linktypes.html numbering).</summary>
public enum LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in host byte order.</summary>
    Null = 0,
    Ethernet = 1,
    /// <summary>No link header: the packet starts with the IP header (tun devices, WireGuard).</summary>
    Raw = 101,
    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    Loop = 108,
    /// <summary>Linux cooked capture v1 (the "any" device): 16-byte header.</summary>
    LinuxSll = 113,
    Ipv4 = 228,
    Ipv6 = 229,
    /// <summary>Linux cooked capture v2: 20-byte header with the interface index.</summary>
    LinuxSll2 = 276,
}

/// <summary>Which way a packet went, when the link header says (cooked captures); otherwise it is decided by
/// comparing addresses with the host's own.</summary>
public enum PacketDirection : byte
{
    Unknown = 0,
    Incoming = 1,
    Outgoing = 2,
}
