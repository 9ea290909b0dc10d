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
            if (!IPAddress.TryParse(text, out IPAddress? ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return false;
            address = NetAddress.FromIPAddress(ip).Folded;
            return true;
        }
        if (!TryParseV4(text, out uint v4)) return false;
        address = NetAddress.FromV4(v4);
        return true;
    }

    private static bool TryParseV4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        uint v = 0; // a local, not the out parameter (memory)
        int parts = 0, i = 0;
        while (parts < 4)
        {
            int start = i, octet = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 3) octet = octet * 10 + (text[i++] - '0');
            int len = i - start;
            if (len == 0 || octet > 255 || (len > 1 && text[start] == '0')) return false;
            v = (v << 8) | (uint)octet;
            parts++;
            if (parts < 4)
            {
                if (i >= text.Length || text[i] != '.') return false;
                i++;
            }
        }
        value = v;
        return i == text.Length;
    }

    /// <summary>The /64 network of an IPv6 address (the unit attackers rotate within); IPv4 is returned unchanged.</summary>
    public static NetAddress Network64(NetAddress address) =>
        address.Family == 6 ? new NetAddress(address.Bits & new UInt128(ulong.MaxValue, 0), 6) : address;
}
