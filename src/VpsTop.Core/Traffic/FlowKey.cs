using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// A packet's 5-tuple as a value: the dictionary key of the per-packet path, so counting a packet allocates
/// nothing. Ports are 0 for protocols without them and for non-first IP fragments. Stored in 40 bytes (two
/// 128-bit addresses and one word for ports, protocol and families) rather than as two padded
/// <see cref="NetAddress"/> values: the key is hashed, compared and copied once per packet.
/// </summary>
public readonly struct FlowKey : IEquatable<FlowKey>
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte IcmpV6 = 58;

    // Seeded per process, so spoofed tuples cannot be chosen to collide in the flow table.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    private readonly UInt128 _source;
    private readonly UInt128 _destination;
    private readonly ulong _rest; // source port | destination port << 16 | protocol << 32 | source family << 40 | destination family << 48

    public FlowKey(NetAddress source, NetAddress destination, ushort sourcePort, ushort destinationPort, byte protocol)
    {
        _source = source.Bits;
        _destination = destination.Bits;
        _rest = sourcePort | (ulong)destinationPort << 16 | (ulong)protocol << 32 | (ulong)source.Family << 40 | (ulong)destination.Family
            << 48;
    }

    public NetAddress Source => new(_source, (byte)(_rest >> 40));
    public NetAddress Destination => new(_destination, (byte)(_rest >> 48));
    public ushort SourcePort => (ushort)_rest;
    public ushort DestinationPort => (ushort)(_rest >> 16);
    public byte Protocol => (byte)(_rest >> 32);

    /// <summary>The same flow seen from the other end.</summary>
    public FlowKey Reverse() => new(Destination, Source, DestinationPort, SourcePort, Protocol);

    public bool Equals(FlowKey other) => _source == other._source && _destination == other._destination && _rest == other._rest;
    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);
    public static bool operator ==(FlowKey a, FlowKey b) => a.Equals(b);
    public static bool operator !=(FlowKey a, FlowKey b) => !a.Equals(b);

    public override int GetHashCode()
    {
        // Multiply-xorshift over the five words: a few cycles, unlike HashCode.Combine's per-word rounds.
        ulong h = Seed;
        h = (h ^ (ulong)_source) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (ulong)(_source >> 64) ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (ulong)_destination ^ (h >> 31)) * 0x94D049BB133111EBUL;
        h = (h ^ (ulong)(_destination >> 64) ^ (h >> 29)) * 0x9E3779B97F4A7C15UL;
        h = (h ^ _rest ^ (h >> 32)) * 0xBF58476D1CE4E5B9UL;
        return (int)(h ^ (h >> 32));
    }

    public override string ToString() =>
        $"{Source.WithPort(SourcePort)} > {Destination.WithPort(DestinationPort)} proto {Protocol}";
}

/// <summary>What one captured frame says about itself, read from its headers only.</summary>
public readonly record struct PacketSummary(FlowKey Flow, PacketDirection Direction, byte TcpFlags, bool IsFragment);
