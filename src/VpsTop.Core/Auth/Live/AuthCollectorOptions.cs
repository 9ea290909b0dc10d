namespace VpsTop.Core.Auth.Live;

public sealed record AuthCollectorOptions
{
    /// <summary>Events kept for the live feed and the per-IP dialog.</summary>
    public int RecentEvents { get; init; } = 2000;

    /// <summary>Attacker rows carried per snapshot; the rest are counted in <see cref="AuthSnapshot.SourceCount"/>.</summary>
    public int MaxAttackerRows { get; init; } = 2000;

    /// <summary>How much of the current log file is read back at start (its tail), so a brute force that began before
    /// VpsTop was started is already on the table.</summary>
    public long HistoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Journal entries read back at start.</summary>
    public int JournalBacklog { get; init; } = 200_000;

    /// <summary>Bytes parsed per batch while catching up, so snapshots (and "reading history…") keep coming.</summary>
    public long BytesPerBatch { get; init; } = 4L * 1024 * 1024;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>At most one snapshot per this interval while events pour in.</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Snapshots are retaken this often even without events, so "per minute" rates decay.</summary>
    public TimeSpan IdleRepublish { get; init; } = TimeSpan.FromSeconds(10);

    public AuthAnalysisOptions Analysis { get; init; } = new();
}
