using System.Globalization;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Core.Auth;

/// <summary>
/// Reads an sshd message into a kind and fields. sshd-made fields (IP, port, "ssh2", "[preauth]") are read from
/// the end sshd controls: right-anchored where the attacker's text (user name) sits on the left, left-anchored
/// where it sits on the right (disconnect reasons, "Their offer"). A user name such as "x from 10.0.0.1 port 1"
/// therefore never yields 10.0.0.1. Hand-written span code, one pass per form, no regex.
/// Unknown messages come back as <see cref="AuthEventKind.Other"/>, never dropped.
/// </summary>
public static class SshdMessageParser
{
    public static SshdMessage Parse(ReadOnlySpan<char> m)
    {
        int count = 1;
        // Each wrapper is looked for only where its first or last character is (every line passes here).
        // rsyslog "message repeated N times: [ inner]"
        if (m.Length > 0 && m[0] == 'm' && m[^1] == ']' && m.StartsWith("message repeated "))
        {
            var rest = m["message repeated ".Length..];
            int sp = rest.IndexOf(' ');
            if (sp > 0 && int.TryParse(rest[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                && rest[sp..].StartsWith(" times: ["))
            {
                count = n;
                m = rest[(sp + " times: [".Length)..^1].TrimStart(' ');
            }
        }
        bool preauth = false;
        if (m.Length > 0 && m[^1] == ']')
        {
            if (m.EndsWith(" [preauth]")) { preauth = true; m = m[..^" [preauth]".Length]; }
            else if (m.EndsWith(" [postauth]")) m = m[..^" [postauth]".Length];
        }
        if (m.Length > 6)
        {
            char first = m[0];
            if (first == 'e' && m.StartsWith("error: ")) m = m[7..];
            else if (first == 'f' && m.StartsWith("fatal: ")) m = m[7..];
            else if (first == 'd' && m.StartsWith("debug1: ")) m = m[8..];
        }

        // the forms leave Preauth false: a copy of the 96-byte result only for the lines that change it
        SshdMessage r = ParseCore(m, preauth);
        if (preauth || count > 1) r = r with { Preauth = preauth, Count = r.Count * count };
        return r;
    }

    /// <summary>Key exchange and socket failures before authentication: no address in the line.</summary>
    private static bool IsKexFailure(ReadOnlySpan<char> m) =>
        m.StartsWith("kex_exchange_identification: ") || m.StartsWith("Unable to negotiate") || m.StartsWith("Read from socket failed: ")
        || m.StartsWith("Write failed: ") || m.StartsWith("no matching ");

    private static SshdMessage Of(AuthEventKind kind) => new(kind, null, null, null, null, false, false, 1, null);

    private static SshdMessage ParseCore(ReadOnlySpan<char> m, bool preauth)
    {
        // Dispatched on the first character to one small method per letter, each trying its forms in the order they
        // were always tried. Every form builds its result through copies of a 96-byte struct: one method holding all
        // of them zeroed a frame of dozens of such copies for every line, half of the parse.
        char c = m.IsEmpty ? '\0' : m[0];
        return c switch
        {
            'F' => OnF(m, preauth),
            'A' => OnA(m, preauth),
            'P' => OnP(m, preauth),
            'I' => OnI(m, preauth),
            'i' => OnLowerI(m, preauth),
            'm' => OnLowerM(m, preauth),
            'D' => OnD(m, preauth),
            'C' => OnC(m, preauth),
            'R' => OnR(m, preauth),
            'U' => OnU(m, preauth),
            'a' => OnLowerA(m, preauth),
            'r' => OnLowerR(m, preauth),
            'b' => OnLowerB(m, preauth),
            's' => OnLowerS(m, preauth),
            'k' or 'W' or 'n' => IsKexFailure(m) ? Of(AuthEventKind.ProtocolError) : Of(AuthEventKind.Other),
            'B' => OnB(m, preauth),
            'T' => OnT(m, preauth),
            'd' => OnLowerD(m, preauth),
            'S' => OnS(m, preauth),
            'p' => OnLowerP(m, preauth),
            _ => Of(AuthEventKind.Other),
        };
    }

    private static SshdMessage OnF(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Failed ")) return AuthLine(AuthEventKind.Failed, m[7..]);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnA(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Accepted ")) return AuthLine(AuthEventKind.Accepted, m[9..]);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnP(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Partial ")) return AuthLine(AuthEventKind.Partial, m[8..]);
        if (m.StartsWith("Postponed ")) return AuthLine(AuthEventKind.Postponed, m[10..]);

        if (m.StartsWith("PAM ") && m.IndexOf(" more authentication failure") > 4)
        {
            var rest = m[4..];
            int sp = rest.IndexOf(' ');
            int n = int.TryParse(rest[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out int more) ? more : 1;
            return PamFields(Of(AuthEventKind.PamFailure) with { Count = n }, m);
        }
        if (m.StartsWith("PAM: Authentication failure for ") || m.StartsWith("PAM: Authentication error for ")
            || m.StartsWith("PAM: User not known to the underlying authentication module for "))
        {
            int for_ = m.IndexOf(" for ") + 5;
            var rest = m[for_..];
            bool invalid = rest.StartsWith("illegal user ");
            if (invalid) rest = rest[13..];
            int via = rest.LastIndexOf(" via ");
            if (via > 0) rest = rest[..via];
            int from = rest.LastIndexOf(" from ");
            if (from < 0) return Of(AuthEventKind.PamFailure) with { User = Text(rest), InvalidUser = invalid };
            bool ok = AuthAddress.TryParse(rest[(from + 6)..], out NetAddress ip);
            return Of(AuthEventKind.PamFailure) with { User = Text(rest[..from]), Ip = ok ? ip : null, InvalidUser = invalid };
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnI(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Invalid user ") || m.StartsWith("Illegal user "))
            return UserFromIp(AuthEventKind.InvalidUser, m[13..], invalid: true);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerI(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("input_userauth_request: invalid user "))
            return Of(AuthEventKind.InvalidUser) with { User = Text(m[37..]), InvalidUser = true };
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerM(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("maximum authentication attempts exceeded for "))
        {
            var rest = m[45..];
            if (rest.EndsWith(" ssh2")) rest = rest[..^5];
            bool invalid = rest.StartsWith("invalid user ");
            return UserFromIp(AuthEventKind.MaxAttempts, invalid ? rest[13..] : rest, invalid);
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnD(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Disconnecting: Too many authentication failures"))
        {
            var rest = m[47..];
            return Of(AuthEventKind.MaxAttempts) with { User = rest.StartsWith(" for ") ? Text(rest[5..]) : null };
        }
        if (m.StartsWith("Disconnecting "))
        {
            // "Disconnecting {invalid|authenticating} user U IP port N: <sshd reason>"; the user is on the left,
            // so the well-known reason is matched exactly at the end, others through the last "port N: "
            var rest = m[14..];
            const string TooMany = ": Too many authentication failures";
            if (rest.EndsWith(TooMany)) return Preamble(AuthEventKind.MaxAttempts, rest[..^TooMany.Length]);
            int colon = LastPortColon(rest);
            if (colon > 0) return Preamble(preauth ? AuthEventKind.PreauthClose : AuthEventKind.Disconnect, rest[..colon]);
            return Of(AuthEventKind.Other);
        }
        if (m.StartsWith("Disconnected from "))
        {
            var r = Preamble(AuthEventKind.Disconnect, m[18..]);
            return preauth ? r with { Kind = AuthEventKind.PreauthClose } : r;
        }
        if (m.StartsWith("Did not receive identification string from "))
            return IpPortTail(Of(AuthEventKind.ProtocolError), m[43..]);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnC(ReadOnlySpan<char> m, bool preauth)
    {
        if ((m.StartsWith("Connection closed by ") || m.StartsWith("Connection reset by ")))
        {
            var rest = m[(m[11] == 'c' ? 21 : 20)..];
            var r = Preamble(AuthEventKind.Disconnect, rest);
            bool pre = preauth || r.User is not null;
            return r with { Kind = pre ? AuthEventKind.PreauthClose : AuthEventKind.Disconnect };
        }
        if (m.StartsWith("Connection from ") && m.EndsWith(" timed out"))
            return IpPortTail(Of(AuthEventKind.Timeout), m[16..^10]);
        if (m.StartsWith("Connection from ") && m.IndexOf(" port ") > 0)
            return LeftIpPort(AuthEventKind.Connect, m[16..], ' ');
        if (m.StartsWith("Close session: user "))
        {
            var rest = m[20..];
            int id = rest.LastIndexOf(" id ");
            if (id > 0) rest = rest[..id];
            int from = rest.LastIndexOf(" from ");
            if (from > 0)
                return IpPortTail(Of(AuthEventKind.SessionClosed) with { User = Text(rest[..from]) }, rest[(from + 6)..]);
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnR(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Received disconnect from "))
        {
            var r = LeftIpPort(preauth ? AuthEventKind.PreauthClose : AuthEventKind.Disconnect, m[25..], ':');
            return r;
        }
        if (m.StartsWith("ROOT LOGIN REFUSED FROM "))
            return IpPortTail(Of(AuthEventKind.Refused) with { User = "root" }, m[24..]);
        if (IsKexFailure(m)) return Of(AuthEventKind.ProtocolError);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnU(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("User "))
        {
            // "User U from HOST not allowed because …" or "User U not allowed because …"
            int because = m.LastIndexOf(" not allowed because ");
            if (because > 5)
            {
                var who = m[5..because];
                int from = who.LastIndexOf(" from ");
                if (from >= 0)
                {
                    var host = who[(from + 6)..];
                    bool ok = AuthAddress.TryParse(host, out NetAddress ip);
                    return Of(AuthEventKind.Refused) with { User = Text(who[..from]), Ip = ok ? ip : null };
                }
                return Of(AuthEventKind.Refused) with { User = Text(who) };
            }
        }
        if (m.StartsWith("Unable to negotiate with "))
            return LeftIpPort(AuthEventKind.ProtocolError, m[25..], ':');
        if (IsKexFailure(m)) return Of(AuthEventKind.ProtocolError);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerA(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("administratively prohibited connection for "))
        {
            var rest = m[43..];
            bool invalid = rest.StartsWith("invalid user ");
            return UserFromIp(AuthEventKind.Refused, invalid ? rest[13..] : rest, invalid);
        }
        if (m.StartsWith("authentication failure;")) return PamFields(Of(AuthEventKind.PamFailure), m);
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerR(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("refused connect from ") && m.EndsWith(")"))
        {
            int open = m.LastIndexOf('(');
            bool ok = AuthAddress.TryParse(m[(open + 1)..^1], out NetAddress ip);
            return Of(AuthEventKind.Refused) with { Ip = ok ? ip : null };
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerB(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("banner exchange: Connection from "))
            return LeftIpPort(AuthEventKind.ProtocolError, m[33..], ':');
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerS(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("ssh_dispatch_run_fatal: Connection from "))
            return LeftIpPort(AuthEventKind.ProtocolError, m[40..], ':');
        if (m.StartsWith("srclimit_penalise: ")) return Of(AuthEventKind.Penalty);
        return Of(AuthEventKind.Other);
    }




    private static SshdMessage OnB(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Bad protocol version identification "))
        {
            int from = m.LastIndexOf(" from ");
            return from < 0 ? Of(AuthEventKind.ProtocolError) : IpPortTail(Of(AuthEventKind.ProtocolError), m[(from + 6)..]);
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnT(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Timeout before authentication for connection from "))
        {
            // 9.8+ listener: "… from IP to LOCAL, pid = N"
            var r = LeftIpPort(AuthEventKind.Timeout, m[50..], ' ');
            int pidAt = m.LastIndexOf(", pid = ");
            if (pidAt > 0 && int.TryParse(m[(pidAt + 8)..], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                r = r with { Pid = pid };
            return r;
        }
        if (m.StartsWith("Timeout before authentication for "))
            return IpPortTail(Of(AuthEventKind.Timeout), m[34..]);
        if (m.StartsWith("Timeout, client not responding from "))
            return IpPortTail(Of(AuthEventKind.Timeout), m[36..].TrimEnd('.'));
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerD(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("drop connection #"))
        {
            int from = m.IndexOf(" from [");
            if (from > 0)
            {
                var rest = m[(from + 7)..];
                int close = rest.IndexOf(']');
                if (close > 0 && AuthAddress.TryParse(rest[..close], out NetAddress ip))
                {
                    int? port = null;
                    if (rest.Length > close + 1 && rest[close + 1] == ':')
                    {
                        var p = rest[(close + 2)..];
                        int sp = p.IndexOf(' ');
                        if (TryPort(sp < 0 ? p : p[..sp], out int pp)) port = pp;
                    }
                    return Of(AuthEventKind.Penalty) with { Ip = ip, Port = port };
                }
            }
            return Of(AuthEventKind.Penalty);
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnS(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("Session process ") && m.IndexOf(" unpriv child crash for connection from ") > 0)
        {
            int at = m.IndexOf(" unpriv child crash for connection from ") + 40;
            return LeftIpPort(AuthEventKind.ProtocolError, m[at..], ' ');
        }
        return Of(AuthEventKind.Other);
    }

    private static SshdMessage OnLowerP(ReadOnlySpan<char> m, bool preauth)
    {
        if (m.StartsWith("pam_unix(sshd:session): session opened for user "))
            return Of(AuthEventKind.SessionOpened) with { User = UntilUserEnd(m[48..]) };
        if (m.StartsWith("pam_unix(sshd:session): session closed for user "))
            return Of(AuthEventKind.SessionClosed) with { User = UntilUserEnd(m[48..]) };
        if (m.StartsWith("pam_unix(sshd:auth): authentication failure;")) return PamFields(Of(AuthEventKind.PamFailure), m);
        if (m.StartsWith("pam_unix(sshd:auth): check pass; user unknown") || m.StartsWith("pam_faillock(sshd:auth): User unknown"))
            return Of(AuthEventKind.PamFailure) with { InvalidUser = true };
        return Of(AuthEventKind.Other);
    }

    /// <summary>"&lt;method&gt; for [invalid user ]U from IP port N ssh2[: keyinfo]". User on the left and the key
    /// info on the right are both attacker text: take the "from IP port N ssh2" whose tail is the end or a
    /// well-formed key-info suffix, the last such one; if none is, the last that parses.</summary>
    private static SshdMessage AuthLine(AuthEventKind kind, ReadOnlySpan<char> m)
    {
        int forAt = m.IndexOf(" for ");
        if (forAt <= 0) return Of(AuthEventKind.Other) with { Kind = AuthEventKind.Other };
        string method = Text(m[..forAt]);
        var rest = m[(forAt + 5)..];
        int chosen = -1, fallback = -1;
        NetAddress chosenIp = default, fallbackIp = default;
        int chosenPort = 0, fallbackPort = 0;
        // from the right: the real "from" is the last one but for a hostile key-info suffix, so usually the first tried
        for (int at = rest.LastIndexOf(" from "); at >= 0; at = rest[..(at + 5)].LastIndexOf(" from "))
        {
            var tail = rest[(at + 6)..];
            int sp = tail.IndexOf(' ');
            if (sp > 0 && AuthAddress.TryParse(tail[..sp], out NetAddress ip) && tail[sp..].StartsWith(" port "))
            {
                var afterPort = tail[(sp + 6)..];
                int end = afterPort.IndexOf(' ');
                if (end > 0 && TryPort(afterPort[..end], out int port) && afterPort[end..].StartsWith(" ssh2"))
                {
                    var suffix = afterPort[(end + 5)..];
                    if (fallback < 0) (fallback, fallbackIp, fallbackPort) = (at, ip, port);
                    if (suffix.Length == 0 || IsKeyInfo(suffix))
                    {
                        (chosen, chosenIp, chosenPort) = (at, ip, port);
                        break;
                    }
                }
            }
        }
        if (chosen < 0) { chosen = fallback; chosenIp = fallbackIp; chosenPort = fallbackPort; }
        if (chosen < 0) return Of(AuthEventKind.Other);
        var user = rest[..chosen];
        bool invalid = user.StartsWith("invalid user ");
        if (invalid) user = user[13..];
        return new SshdMessage(kind, Text(user), chosenIp, chosenPort, method, invalid, false, 1, null);
    }

    /// <summary>": TYPE FINGERPRINT" or ": TYPE-CERT FP ID … CA TYPE FP", as sshd appends it.</summary>
    private static bool IsKeyInfo(ReadOnlySpan<char> s)
    {
        if (!s.StartsWith(": ")) return false;
        s = s[2..];
        int sp = s.IndexOf(' ');
        if (sp <= 0) return false;
        foreach (char c in s[..sp])
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-')) return false;
        var fp = s[(sp + 1)..];
        bool cert = s[..sp].EndsWith("-CERT");
        if (cert)
        {
            int ca = fp.LastIndexOf(" CA ");
            if (ca < 0) return false;
            var caPart = fp[(ca + 4)..];
            int sp2 = caPart.IndexOf(' ');
            return sp2 > 0 && IsFingerprint(caPart[(sp2 + 1)..]);
        }
        return IsFingerprint(fp);
    }

    private static bool IsFingerprint(ReadOnlySpan<char> fp)
    {
        if (fp.StartsWith("SHA256:"))
        {
            var b = fp[7..];
            if (b.Length != 43) return false;
            foreach (char c in b) if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/')) return false;
            return true;
        }
        if (fp.StartsWith("MD5:")) fp = fp[4..];
        if (fp.Length != 47) return false;
        for (int i = 0; i < fp.Length; i++)
            if (i % 3 == 2 ? fp[i] != ':' : !char.IsAsciiHexDigitLower(fp[i])) return false;
        return true;
    }

    /// <summary>"U from IP[ port N]" anchored at the right.</summary>
    private static SshdMessage UserFromIp(AuthEventKind kind, ReadOnlySpan<char> rest, bool invalid)
    {
        int from = rest.LastIndexOf(" from ");
        // "port N" may follow the IP; the IP itself never contains " from "
        if (from < 0) return Of(kind) with { User = Text(rest), InvalidUser = invalid };
        var r = IpPortTail(Of(kind) with { InvalidUser = invalid }, rest[(from + 6)..]);
        return r with { User = Text(rest[..from]) };
    }

    /// <summary>"[{authenticating|invalid} user U |user U ]IP[ port N]": the IP and port are the last tokens.</summary>
    private static SshdMessage Preamble(AuthEventKind kind, ReadOnlySpan<char> rest)
    {
        string? user = null;
        bool invalid = false;
        ReadOnlySpan<char> addr = rest;
        int portAt = rest.LastIndexOf(" port ");
        int ipEnd = portAt >= 0 && TryPort(rest[(portAt + 6)..], out _) ? portAt : rest.Length;
        int ipStart = rest[..ipEnd].LastIndexOf(' ') + 1;
        if (ipStart > 0)
        {
            var who = rest[..(ipStart - 1)];
            if (who.StartsWith("invalid user ")) { invalid = true; user = Text(who[13..]); }
            else if (who.StartsWith("authenticating user ")) user = Text(who[20..]);
            else if (who.StartsWith("user ")) user = Text(who[5..]);
            else return Of(AuthEventKind.Other);
            addr = rest[ipStart..];
        }
        return IpPortTail(Of(kind) with { User = user, InvalidUser = invalid }, addr);
    }

    /// <summary>"IP" or "IP port N" filling the whole span.</summary>
    private static SshdMessage IpPortTail(SshdMessage r, ReadOnlySpan<char> s)
    {
        int portAt = s.LastIndexOf(" port ");
        int? port = null;
        if (portAt > 0 && TryPort(s[(portAt + 6)..], out int p)) { port = p; s = s[..portAt]; }
        if (!AuthAddress.TryParse(s, out NetAddress ip)) return r with { Kind = r.Kind, Ip = null, Port = null };
        return r with { Ip = ip, Port = port };
    }

    /// <summary>"IP port N&lt;stop&gt;…" or "IP&lt;stop&gt;…" anchored at the left (attacker text follows).</summary>
    private static SshdMessage LeftIpPort(AuthEventKind kind, ReadOnlySpan<char> s, char stop)
    {
        int end = 0;
        while (end < s.Length && s[end] != ' ' && s[end] != stop) end++;
        // an IPv6 address contains ':' itself: with ':' as the stop, take up to the first space instead
        if (stop == ':' && s[..Math.Min(s.Length, 40)].IndexOf(' ') is int sp && sp > 0 && s[..sp].Count(':') > 1) end = sp;
        if (!AuthAddress.TryParse(s[..end], out NetAddress ip)) return Of(kind);
        int? port = null;
        var rest = s[end..];
        if (rest.StartsWith(" port "))
        {
            rest = rest[6..];
            int e = 0;
            while (e < rest.Length && char.IsAsciiDigit(rest[e])) e++;
            if (TryPort(rest[..e], out int p)) port = p;
        }
        return Of(kind) with { Ip = ip, Port = port };
    }

    /// <summary>Which ": " ends "IP port N" in "… IP port N: reason".</summary>
    private static int LastPortColon(ReadOnlySpan<char> s)
    {
        for (int at = s.LastIndexOf(": "); at > 0; at = s[..at].LastIndexOf(": "))
        {
            var before = s[..at];
            int portAt = before.LastIndexOf(" port ");
            if (portAt > 0 && TryPort(before[(portAt + 6)..], out _)) return at;
        }
        return -1;
    }

    private static SshdMessage PamFields(SshdMessage r, ReadOnlySpan<char> m)
    {
        // "… rhost=HOST  user=U" – user= is last, rhost= before it
        string? user = null;
        int userAt = m.LastIndexOf(" user=");
        if (userAt > 0) { user = Text(m[(userAt + 6)..].TrimEnd(' ')); m = m[..userAt]; }
        int rhost = m.LastIndexOf("rhost=");
        NetAddress? ip = null;
        if (rhost >= 0 && AuthAddress.TryParse(m[(rhost + 6)..].TrimEnd(' '), out NetAddress a)) ip = a;
        return r with { User = user, Ip = ip };
    }

    private static string UntilUserEnd(ReadOnlySpan<char> s)
    {
        int by = s.LastIndexOf(" by ");
        if (by > 0) s = s[..by];
        int paren = s.IndexOf('(');
        return Text(paren > 0 ? s[..paren] : s);
    }

    // User names and methods repeat across millions of lines: one string each, per parsing thread
    [ThreadStatic] private static StringPool? t_strings;
    // and in runs (a connection's lines name its user and method again): the last few, before hashing into the pool
    [ThreadStatic] private static string?[]? t_recent;

    private static string Text(ReadOnlySpan<char> s)
    {
        var recent = t_recent ??= new string?[8];
        int slot = s.IsEmpty ? 0 : (s.Length ^ s[0]) & 7;
        if (recent[slot] is { } last && ShortChars.Equal(s, last)) return last;
        return recent[slot] = (t_strings ??= new StringPool()).Get(s);
    }

    private static bool TryPort(ReadOnlySpan<char> s, out int port) => AsciiNumber.TryParse(s, 5, out port) && port is > 0 and <= 65535;
}
