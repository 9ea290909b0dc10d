using System.Net;
using System.Net.Sockets;

namespace VpsTop.Core.Hardening;

/// <summary>OpenSSH's pattern matching (match.c, addrmatch.c): '*' and '?' wildcards, comma lists where a
/// matching "!pattern" vetoes the whole list, and address lists that prefer CIDR and fall back to wildcards.</summary>
public static class OpenSshPattern
{
    /// <summary>match.c match_pattern.</summary>
    public static bool Matches(string text, string pattern) => Match(text, 0, pattern, 0);

    private static bool Match(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            if (p[pi] == '*')
            {
                for (int k = si; k <= s.Length; k++)
                    if (Match(s, k, p, pi + 1)) return true;
                return false;
            }
            if (si >= s.Length || (p[pi] != '?' && p[pi] != s[si])) return false;
            si++; pi++;
        }
        return si == s.Length;
    }

    /// <summary>match.c match_pattern_list: 1 positive, 0 none, -1 a negated pattern matched.</summary>
    public static int MatchList(string text, string list, bool lowerCasePatterns = false)
    {
        int result = 0;
        foreach (string entry in list.Split(','))
        {
            bool negated = entry.StartsWith('!');
            string sub = negated ? entry[1..] : entry;
            if (lowerCasePatterns) sub = sub.ToLowerInvariant();
            if (!Matches(text, sub)) continue;
            if (negated) return -1;
            result = 1;
        }
        return result;
    }

    /// <summary>addrmatch.c addr_match_list: 1 match, 0 none, -1 negated match, -2 malformed list.</summary>
    public static int MatchAddressList(string? address, string list)
    {
        IPAddress? ip = null;
        if (address is not null && !IPAddress.TryParse(address, out ip)) return 0;
        int result = 0;
        foreach (string raw in list.Split(','))
        {
            bool negated = raw.StartsWith('!');
            string entry = negated ? raw[1..] : raw;
            if (entry.Length == 0) return -2;
            bool matched;
            switch (ParseCidr(entry, out IPAddress? net, out int bits))
            {
                case CidrParse.Inconsistent: return -2;
                case CidrParse.Ok: matched = ip is not null && InNetwork(ip, net!, bits); break;
                default: matched = address is not null && Matches(address, entry); break;
            }
            if (!matched) continue;
            if (negated) return -1;
            result = 1;
        }
        return result;
    }

    private enum CidrParse { Ok, NotCidr, Inconsistent }

    /// <summary>addr_pton_cidr: "a.b.c.d[/n]" or an IPv6 address; host bits set under the mask are an error.</summary>
    private static CidrParse ParseCidr(string entry, out IPAddress? net, out int bits)
    {
        net = null;
        bits = -1;
        int slash = entry.IndexOf('/');
        string addr = slash < 0 ? entry : entry[..slash];
        if (addr.IndexOfAny(['*', '?']) >= 0 || !IPAddress.TryParse(addr, out net)) return CidrParse.NotCidr;
        if (net.AddressFamily == AddressFamily.InterNetwork && addr.Count(c => c == '.') != 3) return CidrParse.NotCidr;
        int max = net.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0) bits = max;
        else if (!int.TryParse(entry.AsSpan(slash + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out bits) || bits > max)
            return CidrParse.NotCidr;
        byte[] b = net.GetAddressBytes();
        for (int i = bits; i < max; i++)
            if ((b[i / 8] & (0x80 >> (i % 8))) != 0) return CidrParse.Inconsistent;
        return CidrParse.Ok;
    }

    private static bool InNetwork(IPAddress ip, IPAddress net, int bits)
    {
        // Like addr_netmatch: families must agree (sshd unmaps v4-mapped peers before matching, not here).
        if (ip.AddressFamily != net.AddressFamily) return false;
        byte[] a = ip.GetAddressBytes(), n = net.GetAddressBytes();
        for (int i = 0; i < bits; i++)
        {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) return false;
        }
        return true;
    }
}
