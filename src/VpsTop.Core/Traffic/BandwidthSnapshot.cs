using VpsTop.Core.Collection;
using VpsTop.Core.Processes;
using VpsTop.Core.Suspicion;

namespace VpsTop.Core.Traffic;

/// <summary>Bytes per second over the three windows iftop made familiar: the burst, the trend, the baseline.</summary>
public readonly record struct Rates(double Over2s, double Over10s, double Over40s);

/// <summary>
/// One row of the Bandwidth pane and of `vpstop bandwidth`: a process (kept for a while after it exits, so a
/// short-lived dropper stays named) or an "unknown" bucket with its reason.
/// </summary>
public sealed record BandwidthRow
{
    /// <summary>"pid:starttime" for processes, "unknown:reason" otherwise: stable across refreshes.</summary>
    public required string Key { get; init; }
    public ProcessIdentity? Process { get; init; }
    public string? UnknownReason { get; init; }
    public required long SentBytes { get; init; }
    public required long ReceivedBytes { get; init; }
    public required Rates SentRate { get; init; }
    public required Rates ReceivedRate { get; init; }

    /// <summary>Sent+received bytes per tick, oldest first: the row's sparkline.</summary>
    public required IReadOnlyList<long> History { get; init; }

    /// <summary>The process is gone (its row stays for a while so its traffic keeps a name).</summary>
    public bool Exited { get; init; }

    /// <summary>The capture devices its traffic was seen on.</summary>
    public string Devices { get; init; } = "";

    /// <summary>Why the process looks suspicious, most severe first (Low ones are hints, not alarms).</summary>
    public IReadOnlyList<SuspicionReason> Reasons { get; init; } = [];

    /// <summary>At least one reason of Medium or High severity.</summary>
    public bool Suspicious
    {
        get
        {
            foreach (var r in Reasons) if (r.Severity >= SuspicionSeverity.Medium) return true;
            return false;
        }
    }

    public long TotalBytes => SentBytes + ReceivedBytes;
}

/// <summary>One connection in the flows view: both ends, rates, totals, and the process it belongs to.</summary>
public sealed record FlowRow
{
    public required ConversationKey Key { get; init; }
    public ProcessIdentity? Process { get; init; }
    public string? UnknownReason { get; init; }
    public AttributionRule Rule { get; init; }
    public required long SentBytes { get; init; }
    public required long ReceivedBytes { get; init; }
    public required Rates SentRate { get; init; }
    public required Rates ReceivedRate { get; init; }
}

/// <summary>Where the numbers come from and how trustworthy they are right now.</summary>
public sealed record TrafficSourceStatus
{
    /// <summary>What is measured, in words: "capture on eth0 (wire bytes)", "tcp_info (TCP payload only, no UDP)".</summary>
    public required string Description { get; init; }

    /// <summary>Packets the kernel dropped because the capture buffer was full: the numbers are lower bounds.</summary>
    public long KernelDrops { get; init; }

    /// <summary>Why the preferred source (packet capture) is not used, when it is not.</summary>
    public string? Unavailable { get; init; }
}

/// <summary>Everything the Bandwidth pane and `vpstop bandwidth` show, from one collector tick.</summary>
public sealed record BandwidthSnapshot : IProblemCarrier<BandwidthSnapshot>
{
    public required DateTimeOffset TakenAt { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required TrafficSourceStatus Source { get; init; }
    public required IReadOnlyList<BandwidthRow> Rows { get; init; }
    public required IReadOnlyList<FlowRow> Flows { get; init; }
    public required long TotalSent { get; init; }
    public required long TotalReceived { get; init; }
    public required Rates TotalSentRate { get; init; }
    public required Rates TotalReceivedRate { get; init; }

    /// <summary>Sent and received per tick, oldest first: the total in/out graph.</summary>
    public required IReadOnlyList<long> SentHistory { get; init; }
    public required IReadOnlyList<long> ReceivedHistory { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    public BandwidthSnapshot WithProblems(IReadOnlyList<string> problems) => this with { Problems = problems };

    public static BandwidthSnapshot Empty(TrafficSourceStatus source) => new()
    {
        TakenAt = DateTimeOffset.MinValue, Elapsed = TimeSpan.Zero, Source = source, Rows = [], Flows = [],
        TotalSent = 0, TotalReceived = 0, TotalSentRate = default, TotalReceivedRate = default, SentHistory = [], ReceivedHistory = [],
    };
}
