using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>An Accepted login from a source that failed before, within the window, across connections: the
/// failures (oldest first), then the accept.</summary>
public sealed record CompromiseAlarm(NetAddress Source, bool ByNetwork64, AuthEvent Accept, IReadOnlyList<AuthEvent> Failures)
{
    public string? User => Accept.User;
    public string? Method => Accept.Method;
    public int FailureCount => Failures.Sum(f => f.Count);
}
