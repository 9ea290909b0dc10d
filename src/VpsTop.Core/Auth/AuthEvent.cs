using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// One sshd log line, understood: its <see cref="AuthFacts"/> and <see cref="Line"/>, the raw text exactly as read
/// (attacker-controlled: the UI sanitizes it, nothing here does).
/// </summary>
public sealed record AuthEvent(AuthFacts Facts, string Line)
{
    public DateTimeOffset? Time => Facts.Time;
    public AuthEventKind Kind => Facts.Kind;
    public string? User => Facts.User;
    public NetAddress? Ip => Facts.Ip;
    public int? Port => Facts.Port;
    public string? Method => Facts.Method;
    public int? Pid => Facts.Pid;
    public bool Verified => Facts.Verified;
    public string? Host => Facts.Host;
    public string? Program => Facts.Program;
    public bool InvalidUser => Facts.InvalidUser;
    public bool Preauth => Facts.Preauth;
    public int Count => Facts.Count;

    /// <summary>True when Ip/Port came from an earlier line of the same connection (same PID), not this line.</summary>
    public bool IpFromConnection => Facts.IpFromConnection;

    public string KindName => AuthEventKinds.Name(Kind);
}
