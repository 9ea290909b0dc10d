using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// What one sshd log line says, without the line: a value, so a summary of millions of lines builds no object per
/// line (the analysis and the connection tracker work on these; <see cref="AuthEvent"/> adds the text).
/// <see cref="Verified"/> is false for text files, since anyone local can write "sshd[1]:" lines into syslog; only
/// trusted journal fields may set it. <see cref="Count"/> is more than 1 for "message repeated N times" and
/// "PAM N more authentication failures".
/// </summary>
public readonly record struct AuthFacts(
    DateTimeOffset? Time,
    AuthEventKind Kind,
    string? User,
    NetAddress? Ip,
    int? Port,
    string? Method,
    int? Pid,
    bool Verified)
{
    public string? Host { get; init; }
    public string? Program { get; init; }
    public bool InvalidUser { get; init; }
    public bool Preauth { get; init; }
    public int Count { get; init; } = 1;

    /// <summary>True when Ip/Port came from an earlier line of the same connection (same PID), not this line.</summary>
    public bool IpFromConnection { get; init; }
}
