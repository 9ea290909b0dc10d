using System.Buffers.Binary;
using System.Net;

namespace VpsTop.Core.Sockets;

/// <summary>
/// An IPv4 or IPv6 address as a value: 128 bits plus the family. Used as a struct key in socket
/// tables and (later) per-packet flow keys, so nothing is allocated until it is formatted.
/// IPv4 is stored in the low 32 bits in network order read as big-endian (1.2.3.4 = 0x01020304).
/// </summary>
public readonly record struct NetAddress
{
    // Two halves, not a UInt128 field: UInt128 is 16-byte aligned, which made this 32 bytes and a NetAddress? 48, in
    // structs copied for every line of a big auth.log; as halves it is 24 and 32.
    private readonly ulong _high, _low;

    public NetAddress(UInt128 bits, byte family)
    {
        (_high, _low) = ((ulong)(bits >> 64), (ulong)bits);
        Family = family;
    }

    public UInt128 Bits => new(_high, _low);
    public byte Family { get; }

    public static NetAddress FromV4(uint bigEndianValue) => new(bigEndianValue, 4);

    // Written out: addresses key the per-IP tables that every line of a big auth.log updates, and the generated
    // equality goes through EqualityComparer for each field. HashCode is seeded per process: attackers choose their
    // addresses within a /64, and must not be able to pick ones that collide.
    public bool Equals(NetAddress other) => _low == other._low && _high == other._high && Family == other.Family;

    public override int GetHashCode() => HashCode.Combine(_low, _high, Family);

    public void Deconstruct(out UInt128 bits, out byte family) => (bits, family) = (Bits, Family);

    /// <summary>16 bytes in network order.</summary>
    public static NetAddress FromV6(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt128BigEndian(bytes), 6);

    public static NetAddress FromIPAddress(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(b, out _);
            return FromV4(BinaryPrimitives.ReadUInt32BigEndian(b));
        }
        address.TryWriteBytes(b, out _);
        return FromV6(b);
    }

    private static readonly UInt128 MappedPrefix = new(0, 0x0000_FFFF_0000_0000UL);
    private static readonly UInt128 MappedMask = new(ulong.MaxValue, 0xFFFF_FFFF_0000_0000UL);

    /// <summary>::ffff:a.b.c.d — an IPv4 peer seen through a dual-stack IPv6 socket.</summary>
    public bool IsV4Mapped => Family == 6 && (Bits & MappedMask) == MappedPrefix;

    public bool IsUnspecified => Bits == UInt128.Zero;

    public bool IsLoopback => Family == 4 ? (uint)Bits >> 24 == 127
        : Bits == UInt128.One || (IsV4Mapped && ((uint)Bits >> 24) == 127);

    /// <summary>The same host as an IPv4 address when it is a mapped one; otherwise itself.
    /// Counting per remote host folds ::ffff:1.2.3.4 and 1.2.3.4 together.</summary>
    public NetAddress Folded => IsV4Mapped ? FromV4((uint)Bits) : this;

    public IPAddress ToIPAddress()
    {
        Span<byte> b = stackalloc byte[16];
        if (Family == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)Bits);
            return new IPAddress(b[..4]);
        }
        BinaryPrimitives.WriteUInt128BigEndian(b, Bits);
        return new IPAddress(b);
    }

    /// <summary>Canonical text: dotted quad, RFC 5952 IPv6; mapped addresses as ::ffff:a.b.c.d.</summary>
    public override string ToString() => ToIPAddress().ToString();

    /// <summary>Text for people: a mapped address is shown as the plain IPv4 it stands for.</summary>
    public string ToDisplayString() => Folded.ToString();

    /// <summary><see cref="ToDisplayString"/> into a buffer: an IPv4 address (most attackers) without allocating.</summary>
    public bool TryFormatDisplay(Span<char> destination, out int written)
    {
        NetAddress folded = Folded;
        if (folded.Family != 4) return folded.ToIPAddress().TryFormat(destination, out written);
        written = 0;
        uint v = (uint)folded.Bits;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (!((v >> shift) & 0xFF).TryFormat(destination[written..], out int n,
                provider: System.Globalization.CultureInfo.InvariantCulture)) return false;
            written += n;
            if (shift == 0) break;
            if (written >= destination.Length) return false;
            destination[written++] = '.';
        }
        return true;
    }

    /// <summary>"addr:port", with brackets around IPv6 as ss prints it.</summary>
    public string WithPort(ushort port)
    {
        string text = ToDisplayString();
        return Folded.Family == 6 ? $"[{text}]:{port}" : $"{text}:{port}";
    }
}
