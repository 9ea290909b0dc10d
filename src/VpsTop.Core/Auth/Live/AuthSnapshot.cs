using VpsTop.Core.Collection;
namespace VpsTop.Core.Auth.Live;

/// <summary>
/// What the Auth pane shows at one moment, built on the collector's thread and never changed afterwards: where the
/// events come from (or why there is no source), the most recent events, the attackers ranked, the "failed, then
/// accepted" alarms with their evidence, sprays and distributed attacks.
/// </summary>
public sealed record AuthSnapshot : IProblemCarrier<AuthSnapshot>
{
    /// <summary>The sources being read ("journal", "/var/log/auth.log"), empty when none could be.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Rotated files read on request (auth.log.1, auth.log.2.gz …), oldest first; empty until asked.</summary>
    public IReadOnlyList<string> RotatedFiles { get; init; } = [];

    /// <summary>Sources tried and why they failed ("journal: no systemd journal files"), rotations' lost lines.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public AuthSnapshot WithProblems(IReadOnlyList<string> problems) => this with { Problems = problems };

    /// <summary>The latest events, oldest first (at most <see cref="AuthCollectorOptions.RecentEvents"/>).</summary>
    public IReadOnlyList<AuthEvent> Recent { get; init; } = [];

    /// <summary>Attackers ranked by <see cref="AttackerRow.Rank"/> (at most <see cref="AuthCollectorOptions.MaxAttackerRows"/>).</summary>
    public IReadOnlyList<AttackerRow> Attackers { get; init; } = [];

    /// <summary>All source IPs seen, also those beyond the rows kept.</summary>
    public int SourceCount { get; init; }

    /// <summary>IPv6 sources folded per /64 (one host hopping through its prefix is one attacker), ranked alike.</summary>
    public IReadOnlyList<AttackerRow> Networks64 { get; init; } = [];

    public IReadOnlyList<CompromiseAlarm> Alarms { get; init; } = [];
    public IReadOnlyList<PasswordSpray> Sprays { get; init; } = [];
    public IReadOnlyList<DistributedAttack> DistributedAttacks { get; init; } = [];

    public long Events { get; init; }
    public long Failures { get; init; }
    public long InvalidUsers { get; init; }
    public long Accepted { get; init; }

    /// <summary>sshd lines no parser rule knows: counted and shown as "other", never dropped.</summary>
    public long Unrecognised { get; init; }

    /// <summary>Entries whose writer could not be vouched for (journal entries not written by a root-owned sshd).</summary>
    public long Unverified { get; init; }

    /// <summary>The oldest event time read, i.e. how far back the numbers go.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Bytes of history still to read at start-up (0 once caught up), for "reading history…".</summary>
    public long BytesBehind { get; init; }

    public DateTimeOffset TakenAt { get; init; }

    public static AuthSnapshot Empty { get; } = new();

    public static AuthSnapshot Unavailable(IReadOnlyList<string> problems) => new()
    {
        Problems = problems,
        TakenAt = DateTimeOffset.UtcNow
    };
}
