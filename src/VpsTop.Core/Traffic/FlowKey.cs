using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// A packet's 5-tuple as a value: the dictionary key of the per-packet path, so counting a packet allocates
/// nothing. Ports are 0 for protocols without them and for non-first IP fragments.
/// </summary>
public readonly record struct FlowKey(NetAddress Source, NetAddress Destination, ushort SourcePort, ushort DestinationPort, byte Protocol)
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte IcmpV6 = 58;

    /// <summary>The same flow seen from the other end.</summary>
    public FlowKey Reverse() => new(Destination, Source, DestinationPort, SourcePort, Protocol);
}

/// <summary>What one captured frame says about itself, read from its headers only.</summary>
public readonly record struct PacketSummary(FlowKey Flow, PacketDirection Direction, byte TcpFlags, bool IsFragment);
