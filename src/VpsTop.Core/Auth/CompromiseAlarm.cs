using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>An Accepted login from a source that failed before, within the window, across connections: the
/// failures (oldest first), then the accept.</summary>
public sealed record CompromiseAlarm(NetAddress Source, bool ByNetwork64, AuthEvent Accept, IReadOnlyList<AuthEvent> Failures)
{
    public string? User => Accept.User;
    public string? Method => Accept.Method;
    /// <summary>Failed attempts, counted as <see cref="SourceStats.Failures"/> counts them: "Invalid user" and the
    /// "Failed … for invalid user" after it are one attempt, so the evidence line is shown but not counted twice.</summary>
    public int FailureCount => Failures.Where(f => f.Kind != AuthEventKind.InvalidUser).Sum(f => f.Count);
}
