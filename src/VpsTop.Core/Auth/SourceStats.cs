using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>Everything seen from one source (an IP, or an IPv6 /64). Counts are lower bounds: logging sheds lines
/// under floods. Memory per source stays small however long an attack lasts: failure times are kept only as far back
/// as the alarm window reaches, and only the latest failures are kept whole, as evidence.</summary>
public sealed class SourceStats
{
    /// <summary>Failure events kept whole per source for an alarm's evidence; older ones are counted only.</summary>
    public const int EvidenceKept = 6;

    private Queue<AuthEvent>? _evidence;
    private List<(long Ticks, int Count)>? _timed;
    private int _untimed;

    internal SourceStats(NetAddress address, DateTimeOffset? first) { Address = address; FirstSeen = first; LastSeen = first; }

    public NetAddress Address { get; }
    public int Failures { get; internal set; }
    public int Probes { get; internal set; }
    public int Accepted { get; internal set; }
    public DateTimeOffset? FirstSeen { get; internal set; }
    public DateTimeOffset? LastSeen { get; internal set; }
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    public bool Compromised { get; internal set; }

    /// <param name="counts">False for "Invalid user", which the "Failed … for invalid user" after it counts.</param>
    /// <param name="retain">How far back failure times are needed (the alarm window, at least the rate window).</param>
    internal void RecordFailure(AuthEvent e, bool counts, TimeSpan retain)
    {
        _evidence ??= new Queue<AuthEvent>(2);
        if (_evidence.Count == EvidenceKept) _evidence.Dequeue();
        _evidence.Enqueue(e);
        if (!counts) return;
        Failures += e.Count;
        if (e.Time is not { } t)
        {
            _untimed += e.Count;
            return;
        }
        _timed ??= new List<(long, int)>(2);
        _timed.Add((t.UtcTicks, e.Count));
        // Amortised pruning: drop what no alarm window or rate can reach any more.
        if (_timed.Count >= 64 && _timed[0].Ticks < t.UtcTicks - retain.Ticks)
        {
            int keepFrom = 0;
            while (keepFrom < _timed.Count && _timed[keepFrom].Ticks < t.UtcTicks - retain.Ticks) keepFrom++;
            _timed.RemoveRange(0, keepFrom);
        }
    }

    /// <summary>Counted failures between the two times; failures logged without a time (sshd -E) always count.</summary>
    internal int FailuresBetween(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is null || to is null) return Failures;
        int n = _untimed;
        if (_timed is not null)
            foreach (var (ticks, count) in _timed)
                if (ticks >= from.Value.UtcTicks && ticks <= to.Value.UtcTicks) n += count;
        return n;
    }

    /// <summary>The kept failure events (the latest <see cref="EvidenceKept"/>) between the two times, oldest first.</summary>
    internal List<AuthEvent> EvidenceBetween(DateTimeOffset? from, DateTimeOffset? to)
    {
        var list = new List<AuthEvent>();
        if (_evidence is null) return list;
        foreach (var e in _evidence)
            if (e.Time is null || from is null || to is null || (e.Time >= from && e.Time <= to)) list.Add(e);
        return list;
    }

    /// <summary>Failures per minute over the last <paramref name="window"/> before <paramref name="now"/>.</summary>
    public double RatePerMinute(DateTimeOffset now, TimeSpan window)
    {
        if (_timed is null) return 0;
        long from = (now - window).UtcTicks, to = now.UtcTicks;
        int n = 0;
        for (int i = _timed.Count - 1; i >= 0; i--)
        {
            long t = _timed[i].Ticks;
            if (t < from) break;
            if (t <= to) n += _timed[i].Count;
        }
        return n / window.TotalMinutes;
    }
}
