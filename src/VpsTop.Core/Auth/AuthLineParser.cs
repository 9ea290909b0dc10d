namespace VpsTop.Core.Auth;

/// <summary>
/// Both layers for one line: the syslog prefix, then the sshd message. Lines from programs other than sshd
/// (sshd, sshd-session, sshd-auth, old "sshd(pam_unix)") give null; sshd lines are never dropped, unknown ones come
/// back as <see cref="AuthEventKind.Other"/>. Journal entries skip the prefix through <see cref="FromFields"/>.
/// An instance is for one thread at a time (its prefix parser pools names); the static members are thread-safe.
/// </summary>
public sealed class AuthLineParser
{
    private readonly SyslogPrefixParser _prefix;

    public AuthLineParser(TimeZoneInfo? zone = null) => _prefix = new SyslogPrefixParser(zone);

    public AuthEvent? Parse(string line, DateTimeOffset now) => Parse(line, now, line);

    /// <summary>The same from a slice of a read buffer: other programs' lines cost no allocation, and an sshd line
    /// costs its event and its text.</summary>
    public AuthEvent? Parse(ReadOnlySpan<char> line, DateTimeOffset now) => Parse(line, now, null);

    private AuthEvent? Parse(ReadOnlySpan<char> line, DateTimeOffset now, string? text) =>
        TryParseSshd(line, now, out SyslogPrefix prefix, out SshdMessage message) ? FromParts(prefix, message,
            text ?? line.ToString()) : null;

    /// <summary>The parse without the event: nothing is allocated for a line whose names are already known, so a
    /// reader can parse on one thread and build the (short-lived) event where it is consumed.</summary>
    internal bool TryParseSshd(ReadOnlySpan<char> line, DateTimeOffset now, out SyslogPrefix prefix, out SshdMessage message)
    {
        message = default;
        if (!_prefix.TryParse(line, now, out prefix) || !IsSshd(prefix.Program)) return false;
        message = SshdMessageParser.Parse(line[prefix.MessageStart..].TrimEnd('\r'));
        return true;
    }

    internal static AuthEvent FromParts(in SyslogPrefix prefix, in SshdMessage message, string line) =>
        new(Facts(prefix, message), line);

    internal static AuthFacts Facts(in SyslogPrefix prefix, in SshdMessage message) =>
        Build(message, prefix.Time, prefix.Pid, prefix.Host, prefix.Program, verified: false);

    /// <summary>The facts of a line of "sshd -E" output already parsed: no prefix, so no time, PID or host.</summary>
    internal static AuthFacts FactsOfBareMessage(in SshdMessage message) =>
        Build(message, null, null, null, null, verified: false);

    /// <summary>For sources that carry the fields separately (journal MESSAGE, _PID, timestamp); <paramref name="verified"/>
    /// only when trusted fields (_UID=0, _EXE) vouch for the writer.</summary>
    public static AuthEvent FromFields(string message, int? pid, DateTimeOffset? time, string? program, bool verified) =>
        new(Build(SshdMessageParser.Parse(message), time, pid, null, program, verified), message);

    public static bool IsSshd(string program) =>
        program is "sshd" or "sshd-session" or "sshd-auth" || program.StartsWith("sshd(", StringComparison.Ordinal);

    private static AuthFacts Build(in SshdMessage m, DateTimeOffset? time, int? pid, string? host, string? program, bool verified) =>
        new(time, m.Kind, m.User, m.Ip, m.Port, m.Method, m.Pid ?? pid, verified)
        {
            Host = host,
            Program = program,
            InvalidUser = m.InvalidUser,
            Preauth = m.Preauth,
            Count = m.Count,
        };
}
