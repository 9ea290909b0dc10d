using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>Everything seen from one source (an IP, or an IPv6 /64). Counts are lower bounds: logging sheds lines
/// under floods.</summary>
public sealed class SourceStats
{
    internal SourceStats(NetAddress address, DateTimeOffset? first) { Address = address; FirstSeen = first; LastSeen = first; }

    public NetAddress Address { get; }
    public int Failures { get; internal set; }
    public int Probes { get; internal set; }
    public int Accepted { get; internal set; }
    public DateTimeOffset? FirstSeen { get; internal set; }
    public DateTimeOffset? LastSeen { get; internal set; }
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    public bool Compromised { get; internal set; }

    /// <summary>Failure times, kept for the rate and the alarm's evidence window: the last two alarm windows of them
    /// (one window is what the alarm reads; the second is slack for slightly out-of-order sources and for rates over
    /// long windows). Without the bound a month of a busy attacker's lines would all stay in memory.</summary>
    internal List<(DateTimeOffset? Time, AuthEvent Event)> FailureLog { get; } = [];

    private int _trimAtCount = 64;

    internal void LogFailure(AuthEvent e, TimeSpan alarmWindow)
    {
        FailureLog.Add((e.Time, e));
        if (e.Time is not DateTimeOffset now || FailureLog[0].Time is not DateTimeOffset oldest) return;
        DateTimeOffset keepFrom = now - alarmWindow - alarmWindow;
        // most sources are a handful of lines over weeks: trim those whenever the head is stale; a long list only when
        // it has doubled since its last trim, so trimming stays linear overall
        if (oldest >= keepFrom || (FailureLog.Count > 64 && FailureLog.Count < _trimAtCount)) return;
        int stale = 0;
        while (stale < FailureLog.Count && FailureLog[stale].Time is DateTimeOffset t && t < keepFrom) stale++;
        FailureLog.RemoveRange(0, stale);
        _trimAtCount = Math.Max(64, FailureLog.Count * 2);
    }

    /// <summary>Failures per minute over the last <paramref name="window"/> before <paramref name="now"/>.</summary>
    public double RatePerMinute(DateTimeOffset now, TimeSpan window)
    {
        int n = 0;
        for (int i = FailureLog.Count - 1; i >= 0; i--)
        {
            if (FailureLog[i].Time is not DateTimeOffset t) continue;
            if (t < now - window) break;
            if (t <= now) n += FailureLog[i].Event.Count;
        }
        return n / window.TotalMinutes;
    }
}
