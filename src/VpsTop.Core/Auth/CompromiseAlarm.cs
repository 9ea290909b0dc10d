using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>An Accepted login from a source that failed before, within the window, across connections: the latest
/// failures as evidence (oldest first, at most <see cref="SourceStats.EvidenceKept"/>), then the accept.
/// <see cref="FailureCount"/> counts every failure in the window as <see cref="SourceStats.Failures"/> counts them:
/// "Invalid user" and the "Failed … for invalid user" after it are one attempt.</summary>
public sealed record CompromiseAlarm(NetAddress Source, bool ByNetwork64, AuthEvent Accept, IReadOnlyList<AuthEvent> Failures,
    int FailureCount)
{
    public string? User => Accept.User;
    public string? Method => Accept.Method;
}
