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

    /// <summary>Failure times, kept for the rate and the alarm's evidence window.</summary>
    internal List<(DateTimeOffset? Time, AuthEvent Event)> FailureLog { get; } = [];

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
