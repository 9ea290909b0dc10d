using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>Everything seen from one source (an IP, or an IPv6 /64). Counts are lower bounds: logging sheds lines
/// under floods. Memory per source stays small however long an attack lasts: failure times are kept only as far back
/// as the alarm window reaches, and only the latest failures are kept whole, as evidence.</summary>
public sealed class SourceStats
{
    /// <summary>Failure events kept whole per source for an alarm's evidence; older ones are counted only.</summary>
    public const int EvidenceKept = 6;

    /// <summary>About the size of an instance (the evidence ring is most of it), for prefetching it whole.</summary>
    internal const int ApproximateBytes = 416;

    // the latest failures, a ring kept in this object: an array of its own was a second cache miss per failure
    private EvidenceRing _evidence;
    private int _evidenceNext, _evidenceCount;

    [System.Runtime.CompilerServices.InlineArray(EvidenceKept)]
    private struct EvidenceRing
    {
        private KeptFailure _first;
    }

    // Failure counts per second, oldest first: the latest second in place (a flood adds to it without touching
    // another object), the ones before it in an array.
    private long _lastSecond;
    private int _lastSecondCount;
    // The live ones are _earlier[_earlierStart.._earlierEnd]: expired seconds are dropped from the front by moving
    // the start, and the array is compacted only when it is full. Moving the rest down for every expired second
    // copied a busy source's whole hour for each new second it failed in.
    private (long Ticks, int Count)[]? _earlier;
    private int _earlierStart, _earlierEnd;
    private int _untimed;

    internal SourceStats(NetAddress address, DateTimeOffset? first) { Address = address; FirstSeen = first; LastSeen = first; }

    public NetAddress Address { get; }
    public int Failures { get; internal set; }
    public int Probes { get; internal set; }
    public int Accepted { get; internal set; }
    public DateTimeOffset? FirstSeen { get; internal set; }
    public DateTimeOffset? LastSeen { get; internal set; }
    /// <summary>The user names this source tried.</summary>
    public UserNames Users => new(_user0, _user1, _moreUsers);

    public int UserCount => Users.Count;

    // Most sources try one or two names: those are kept in place, a set only beyond (a big log has 100,000 sources)
    private string? _user0, _user1;
    private HashSet<string>? _moreUsers;
    // the name of the last failure: sources retry one name many times, and a reference check is cheaper than a hash
    private string? _lastUser;

    /// <returns>Whether the name is new for this source.</returns>
    internal bool AddUser(string user)
    {
        if (ReferenceEquals(user, _lastUser)) return false;
        _lastUser = user;
        if (_moreUsers is not null) return AddToMany(user);
        if (_user0 is null) _user0 = user;
        else if (_user0 == user) return false;
        else if (_user1 is null) _user1 = user;
        else if (_user1 == user) return false;
        else _moreUsers = new(StringComparer.Ordinal) { _user0, _user1, user };
        return true;
    }

    // A source with many names (a scanner's word list) keeps trying them: names seen lately are recognised in a small
    // table by their length and letters before the set hashes them (with its per-process seed, as it must for names
    // an attacker picks).
    private string?[]? _recentUsers;

    private bool AddToMany(string user)
    {
        var recent = _recentUsers ??= new string?[32];
        int slot = user.Length == 0 ? 0 : (user.Length * 7 + user[0] * 3 + user[^1]) & 31;
        if (recent[slot] is { } seen && (ReferenceEquals(seen, user) || seen == user)) return false;
        recent[slot] = user;
        return _moreUsers!.Add(user);
    }

    public bool Compromised { get; internal set; }

    /// <param name="counts">False for "Invalid user", which the "Failed … for invalid user" after it counts.</param>
    /// <param name="retain">How far back failure times are needed (the alarm window, at least the rate window).</param>
    internal void RecordFailure(in AuthFacts e, in LogLineRef line, bool counts, TimeSpan retain)
    {
        KeepEvidence(e, line);
        if (!counts) return;
        Failures += e.Count;
        if (e.Time is not { } t)
        {
            _untimed += e.Count;
            return;
        }
        // Failures within the same second share an entry: a flood costs one entry per second of the window at most
        // (syslog stamps have whole seconds anyway; finer ones lose under a second of precision).
        long second = t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond;
        if (_lastSecondCount > 0 && _lastSecond == second)
        {
            _lastSecondCount += e.Count;
            return;
        }
        if (_lastSecondCount > 0)
        {
            if (_earlier is null || _earlierEnd == _earlier.Length) MakeRoom();
            _earlier![_earlierEnd++] = (_lastSecond, _lastSecondCount);
        }
        (_lastSecond, _lastSecondCount) = (second, e.Count);
        // Amortised pruning: drop what no alarm window or rate can reach any more.
        long reach = t.UtcTicks - retain.Ticks;
        if (_earlierEnd - _earlierStart >= 64)
            while (_earlierStart < _earlierEnd && _earlier![_earlierStart].Ticks < reach) _earlierStart++;
    }

    /// <summary>Asks for the place of the next per-second count to be brought into the cache, once this object is
    /// there (<see cref="SourceTable.PrefetchStats"/>): the array's header, which the append checks, and its end.</summary>
    internal unsafe void PrefetchAppend()
    {
        if (!Sse.IsSupported || _earlier is not { } earlier) return;
        // the array's address as a number, not dereferenced: that load is the wait this avoids
        nint at = Unsafe.As<(long, int)[], nint>(ref earlier);
        Sse.Prefetch0((void*)at);
        // one past the end when the array is full: a prefetch never faults
        Sse.Prefetch0((void*)(at + 2 * IntPtr.Size + _earlierEnd * Unsafe.SizeOf<(long, int)>()));
    }

    /// <summary>Room at the end of the per-second counts: the live ones moved to the front when they fill at most
    /// half the array, a twice bigger array otherwise.</summary>
    private void MakeRoom()
    {
        int live = _earlierEnd - _earlierStart;
        var target = _earlier is not null && live <= _earlier.Length / 2 ? _earlier : new (long, int)[Math.Max(2, live * 2)];
        if (live > 0) Array.Copy(_earlier!, _earlierStart, target, 0, live);
        (_earlier, _earlierStart, _earlierEnd) = (target, 0, live);
    }

    /// <summary>The per-second failure counts, oldest first.</summary>
    private ReadOnlySpan<(long Ticks, int Count)> Earlier => _earlier.AsSpan(_earlierStart, _earlierEnd - _earlierStart);

    private void KeepEvidence(in AuthFacts e, in LogLineRef line)
    {
        _evidence[_evidenceNext] = new KeptFailure(e, line);
        _evidenceNext = _evidenceNext == EvidenceKept - 1 ? 0 : _evidenceNext + 1;
        if (_evidenceCount < EvidenceKept) _evidenceCount++;
    }

    /// <summary>The i-th kept failure, oldest first.</summary>
    private ref readonly KeptFailure Evidence(int i) =>
        ref _evidence[(_evidenceNext - _evidenceCount + i + EvidenceKept) % EvidenceKept];

    /// <summary>Counted failures between the two times; failures logged without a time (sshd -E) always count.</summary>
    internal int FailuresBetween(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is null || to is null) return Failures;
        int n = _untimed;
        long first = from.Value.UtcTicks, last = to.Value.UtcTicks;
        foreach (var (ticks, count) in Earlier)
            if (ticks >= first && ticks <= last) n += count;
        if (_lastSecondCount > 0 && _lastSecond >= first && _lastSecond <= last) n += _lastSecondCount;
        return n;
    }

    /// <summary>The kept failure events (the latest <see cref="EvidenceKept"/>) between the two times, oldest first,
    /// with their lines read back.</summary>
    internal List<AuthEvent> EvidenceBetween(DateTimeOffset? from, DateTimeOffset? to)
    {
        var list = new List<AuthEvent>();
        for (int i = 0; i < _evidenceCount; i++)
            if (Evidence(i).Within(from, to)) list.Add(Evidence(i).ToEvent());
        return list;
    }

    /// <summary>What the kept failures between the two times count (no list: asked on every accepted login).</summary>
    internal int EvidenceCountBetween(DateTimeOffset? from, DateTimeOffset? to)
    {
        int n = 0;
        for (int i = 0; i < _evidenceCount; i++)
            if (Evidence(i).Within(from, to)) n += Evidence(i).Count;
        return n;
    }

    /// <summary>Failures per minute over the last <paramref name="window"/> before <paramref name="now"/>.</summary>
    public double RatePerMinute(DateTimeOffset now, TimeSpan window)
    {
        if (_lastSecondCount == 0) return 0;
        long from = (now - window).UtcTicks, to = now.UtcTicks;
        int n = _lastSecond >= from && _lastSecond <= to ? _lastSecondCount : 0;
        if (_lastSecond < from) return 0;
        var earlier = Earlier;
        for (int i = earlier.Length - 1; i >= 0; i--)
        {
            long t = earlier[i].Ticks;
            if (t < from) break;
            if (t <= to) n += earlier[i].Count;
        }
        return n / window.TotalMinutes;
    }
}
