using System.Buffers.Binary;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Reads link, IP and transport headers straight from the bytes the capture hands over: no allocation, no
/// copies, every length checked against what was captured (a small snaplen cuts packets short). This runs once
/// per packet, so it deliberately does not use PacketDotNet's object model.
/// </summary>
public static class PacketHeaderParser
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeIpv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88A8;

    // sll_pkttype values (linux/if_packet.h).
    private const int PacketHost = 0;
    private const int PacketBroadcast = 1;
    private const int PacketMulticast = 2;
    private const int PacketOtherHost = 3;
    private const int PacketOutgoing = 4;

    /// <summary>False when the frame is not IPv4/IPv6 or is too short to hold the IP header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, LinkType link, out PacketSummary packet)
    {
        packet = default;
        var direction = PacketDirection.Unknown;
        int offset;
        ushort etherType;
        switch (link)
        {
            case LinkType.Ethernet:
                if (frame.Length < 14) return false;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
                offset = 14;
                // Up to two VLAN tags (802.1Q, QinQ) before the real type.
                for (int tags = 0; tags < 2 && etherType is EtherTypeVlan or EtherTypeQinQ; tags++)
                {
                    if (frame.Length < offset + 4) return false;
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
                    offset += 4;
                }
                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16) return false;
                direction = DirectionOf(BinaryPrimitives.ReadUInt16BigEndian(frame));
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                offset = 16;
                break;
            case LinkType.LinuxSll2:
                if (frame.Length < 20) return false;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame);
                direction = DirectionOf(frame[10]);
                offset = 20;
                break;
            case LinkType.Null or LinkType.Loop:
                if (frame.Length < 4) return false;
                uint family = link == LinkType.Loop ? BinaryPrimitives.ReadUInt32BigEndian(frame)
                    : BinaryPrimitives.ReadUInt32LittleEndian(frame);
                // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24, 28 or 30 (the BSDs, macOS).
                etherType = family == 2 ? EtherTypeIpv4 : family is 10 or 24 or 28 or 30 ? EtherTypeIpv6 : (ushort)0;
                offset = 4;
                break;
            case LinkType.Raw or LinkType.Ipv4 or LinkType.Ipv6:
                if (frame.Length < 1) return false;
                etherType = (frame[0] >> 4) switch { 4 => EtherTypeIpv4, 6 => EtherTypeIpv6, _ => 0 };
                offset = 0;
                break;
            default:
                return false;
        }
        var ip = frame[offset..];
        return etherType switch
        {
            EtherTypeIpv4 => TryParseIpv4(ip, direction, out packet),
            EtherTypeIpv6 => TryParseIpv6(ip, direction, out packet),
            _ => false,
        };
    }

    private static PacketDirection DirectionOf(int packetType) => packetType switch
    {
        PacketOutgoing => PacketDirection.Outgoing,
        PacketHost or PacketBroadcast or PacketMulticast or PacketOtherHost => PacketDirection.Incoming,
        _ => PacketDirection.Unknown,
    };

    private static bool TryParseIpv4(ReadOnlySpan<byte> ip, PacketDirection direction, out PacketSummary packet)
    {
        packet = default;
        if (ip.Length < 20 || ip[0] >> 4 != 4) return false;
        int headerLength = (ip[0] & 0x0F) * 4;
        if (headerLength < 20) return false;
        byte protocol = ip[9];
        var source = NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(ip[12..]));
        var destination = NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(ip[16..]));
        // Only the first fragment carries the transport header.
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1FFF) != 0;
        var transport = !fragment && ip.Length >= headerLength ? ip[headerLength..] : default;
        packet = Transport(source, destination, protocol, transport, direction, fragment);
        return true;
    }

    private static bool TryParseIpv6(ReadOnlySpan<byte> ip, PacketDirection direction, out PacketSummary packet)
    {
        packet = default;
        if (ip.Length < 40 || ip[0] >> 4 != 6) return false;
        var source = NetAddress.FromV6(ip.Slice(8, 16));
        var destination = NetAddress.FromV6(ip.Slice(24, 16));
        byte next = ip[6];
        int offset = 40;
        bool fragment = false;
        // Walk the extension headers to the transport protocol; a truncated chain ends the walk without ports.
        for (int hops = 0; hops < 8; hops++)
        {
            switch (next)
            {
                case 0 or 43 or 60: // hop-by-hop, routing, destination options: (length + 1) × 8 bytes
                    if (ip.Length < offset + 2) return Done(out packet, source, destination, next, default, direction, fragment);
                    byte following = ip[offset];
                    offset += (ip[offset + 1] + 1) * 8;
                    next = following;
                    continue;
                case 44: // fragment header: 8 bytes; only offset 0 carries the transport header
                    if (ip.Length < offset + 8) return Done(out packet, source, destination, next, default, direction, fragment);
                    fragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[(offset + 2)..]) & 0xFFF8) != 0;
                    next = ip[offset];
                    offset += 8;
                    if (fragment) return Done(out packet, source, destination, next, default, direction, true);
                    continue;
                case 51: // authentication header: (length + 2) × 4 bytes
                    if (ip.Length < offset + 2) return Done(out packet, source, destination, next, default, direction, fragment);
                    byte afterAh = ip[offset];
                    offset += (ip[offset + 1] + 2) * 4;
                    next = afterAh;
                    continue;
            }
            break;
        }
        var transport = ip.Length >= offset ? ip[offset..] : default;
        return Done(out packet, source, destination, next, transport, direction, fragment);
    }

    private static bool Done(out PacketSummary packet, NetAddress source, NetAddress destination, byte protocol,
        ReadOnlySpan<byte> transport, PacketDirection direction, bool fragment)
    {
        packet = Transport(source, destination, protocol, transport, direction, fragment);
        return true;
    }

    private static PacketSummary Transport(NetAddress source, NetAddress destination, byte protocol, ReadOnlySpan<byte> transport,
        PacketDirection direction, bool fragment)
    {
        ushort sourcePort = 0, destinationPort = 0;
        byte flags = 0;
        if (protocol is FlowKey.Tcp or FlowKey.Udp && transport.Length >= 4)
        {
            sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport);
            destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
            if (protocol == FlowKey.Tcp && transport.Length >= 14) flags = transport[13];
        }
        return new PacketSummary(new FlowKey(source, destination, sourcePort, destinationPort, protocol), direction, flags, fragment);
    }
}
