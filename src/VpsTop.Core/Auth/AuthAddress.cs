using System.Net;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// Strict IP parsing for log text: only digits-and-dots IPv4 with no leading zeros (so "192.030.0.6" is not read as
/// octal or anything else), only hex/colon IPv6 (zone id dropped, ::ffff:a.b.c.d folded to IPv4). Never a name,
/// never DNS.
/// </summary>
public static class AuthAddress
{
    public static bool TryParse(ReadOnlySpan<char> text, out NetAddress address)
    {
        address = default;
        if (text.Length == 0 || text.Length > 64) return false;
        // the usual address, dotted IPv4, without first searching it for ':' and '%'
        if (TryParseV4(text, out uint plain))
        {
            address = NetAddress.FromV4(plain);
            return true;
        }
        int zone = text.IndexOf('%');
        if (zone >= 0) text = text[..zone];
        if (text.IndexOf(':') >= 0)
        {
            foreach (char c in text)
                if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.')) return false;
            int dot = text.IndexOf('.');
            if (dot >= 0)
            {
                int lastColon = text.LastIndexOf(':');
                if (!TryParseV4(text[(lastColon + 1)..], out _)) return false;
            }
            if (!TryParseV6(text, out UInt128 bits)) return false;
            address = new NetAddress(bits, 6).Folded;
            return true;
        }
        if (!TryParseV4(text, out uint v4)) return false;
        address = NetAddress.FromV4(v4);
        return true;
    }

    /// <summary>Four decimal octets, each one to three digits, no leading zero, at most 255. Unrolled per digit: most
    /// lines of a big log name an address.</summary>
    private static bool TryParseV4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        uint v = 0; // a local, not the out parameter (memory)
        int i = 0, n = text.Length;
        for (int part = 0; part < 4; part++)
        {
            if (i >= n) return false;
            uint octet = (uint)(text[i] - '0');
            if (octet > 9) return false;
            i++;
            if (i < n && (uint)(text[i] - '0') is var second && second <= 9)
            {
                if (octet == 0) return false; // a leading zero: octal to some parsers
                octet = octet * 10 + second;
                i++;
                if (i < n && (uint)(text[i] - '0') is var third && third <= 9)
                {
                    octet = octet * 10 + third;
                    i++;
                    if (octet > 255) return false;
                }
            }
            v = v << 8 | octet;
            if (part < 3)
            {
                if (i >= n || text[i] != '.') return false;
                i++;
            }
        }
        value = v;
        return i == n;
    }

    /// <summary>Eight hex groups of up to four digits, one "::" for a run of zero groups, the last two groups
    /// possibly as a dotted IPv4 (already checked strictly). What IPAddress.TryParse accepts of these characters, without
    /// the object it allocates (a tenth of a big log's lines name an IPv6 address).</summary>
    private static bool TryParseV6(ReadOnlySpan<char> text, out UInt128 bits)
    {
        bits = 0;
        Span<ushort> groups = stackalloc ushort[8];
        int count = 0, gap = -1, i = 0;
        if (text.StartsWith("::"))
        {
            gap = 0;
            i = 2;
        }
        else if (text.IsEmpty || text[0] == ':') return false;
        while (i < text.Length)
        {
            int colon = text[i..].IndexOf(':');
            int end = colon < 0 ? text.Length : i + colon;
            var token = text[i..end];
            if (token.Contains('.'))
            {
                if (end != text.Length || count > 6 || !TryParseV4(token, out uint v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                break;
            }
            if (token.Length is 0 or > 4 || count == 8) return false;
            int group = 0;
            foreach (char c in token) group = group << 4 | HexValue(c);
            groups[count++] = (ushort)group;
            if (end == text.Length) break;
            i = end + 1; // past ':'
            if (i == text.Length) return false; // a single ':' at the end
            if (text[i] == ':')
            {
                if (gap >= 0) return false; // a second "::"
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) return false;
        UInt128 value = 0;
        int zeros = 8 - count, next = 0;
        for (int k = 0; k < 8; k++)
            value = value << 16 | (gap >= 0 && k >= gap && k < gap + zeros ? 0u : groups[next++]);
        bits = value;
        return true;
    }

    // the characters were checked to be hex digits, ':' or '.'
    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>The /64 network of an IPv6 address (the unit attackers rotate within); IPv4 is returned unchanged.</summary>
    public static NetAddress Network64(NetAddress address) =>
        address.Family == 6 ? new NetAddress(address.Bits & new UInt128(ulong.MaxValue, 0), 6) : address;
}
