using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>The fields of one sshd message (no syslog prefix). <see cref="Pid"/> is only set by messages that name
/// another process (the 9.8+ listener's "pid = N").</summary>
public readonly record struct SshdMessage(
    AuthEventKind Kind, string? User, NetAddress? Ip, int? Port, string? Method,
    bool InvalidUser, bool Preauth, int Count, int? Pid);
