using VpsTop.Core.Collection;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Connections;

/// <summary>
/// One immutable picture of every TCP/UDP socket and its owners. The CLI renders it as text or JSON, the
/// TUI as a table: both read the same record, so they never disagree.
/// </summary>
public sealed record ConnectionsSnapshot : IProblemCarrier<ConnectionsSnapshot>
{
    public required DateTimeOffset TakenAt { get; init; }
    public required IReadOnlyList<Connection> Connections { get; init; }

    /// <summary>Every process seen holding a socket, by PID.</summary>
    public required IReadOnlyDictionary<int, ProcessIdentity> Processes { get; init; }

    /// <summary>Which socket source produced the table ("netlink" or "procfs").</summary>
    public required string Source { get; init; }

    /// <summary>False when some /proc/PID/fd could not be read (not root): owners may be missing.</summary>
    public required bool OwnersComplete { get; init; }

    /// <summary>Problems met while collecting, in words (unreadable tables, no permission …).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public ConnectionsSnapshot WithProblems(IReadOnlyList<string> problems) => this with { Problems = problems };

    public TimeSpan CollectDuration { get; init; }

    /// <summary>The /proc fd walk this table was joined with: every socket inode (any family, raw and packet too)
    /// and its holders, for checks beyond TCP/UDP. Null for tables not built from a walk.</summary>
    public SocketOwnerScan? OwnerScan { get; init; }

    public static ConnectionsSnapshot Empty { get; } = new()
    {
        TakenAt = DateTimeOffset.MinValue, Connections = [], Processes = new Dictionary<int, ProcessIdentity>(),
        Source = "none", OwnersComplete = true,
    };
}
