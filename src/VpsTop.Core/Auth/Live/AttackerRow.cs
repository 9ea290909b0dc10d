using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth.Live;

/// <summary>One source IP (or IPv6 /64) as the attackers table and `vpstop auth --summary` show it: an immutable copy
/// of its <see cref="SourceStats"/> taken on the collector's thread.</summary>
public sealed record AttackerRow(
    NetAddress Address,
    int Failures,
    int Probes,
    int Accepted,
    int UserCount,
    IReadOnlyList<string> Users,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    double FailuresPerMinute,
    bool Compromised)
{
    /// <summary>User names kept per row; a spray's thousands of names are counted, not copied.</summary>
    public const int MaxUsers = 50;

    /// <summary>Failures per minute are measured over this much time before the snapshot.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(10);

    public static AttackerRow Of(SourceStats s, DateTimeOffset now)
    {
        var users = new List<string>(Math.Min(s.UserCount, MaxUsers));
        foreach (string u in s.Users)
        {
            users.Add(u);
            if (users.Count == MaxUsers) break;
        }
        users.Sort(StringComparer.Ordinal);
        return new AttackerRow(s.Address, s.Failures, s.Probes, s.Accepted, s.UserCount, users, s.FirstSeen, s.LastSeen,
            s.RatePerMinute(now, RateWindow), s.Compromised);
    }

    /// <summary>Sorts sources in <see cref="Rank"/> order, by keys read once per source: comparing through the sources
    /// themselves reads two scattered objects per comparison, millions of times for a big log's 100,000 sources.</summary>
    public static void SortByRank(SourceStats[] sources)
    {
        var keys = new RankKey[sources.Length];
        for (int i = 0; i < sources.Length; i++) keys[i] = new RankKey(sources[i]);
        Array.Sort(keys, sources);
    }

    private readonly struct RankKey : IComparable<RankKey>
    {
        // compromised first, then most failures, then most probes: one number, smallest first
        private readonly ulong _counts, _high, _low;
        private readonly byte _family;

        public RankKey(SourceStats s)
        {
            _counts = (s.Compromised ? 0UL : 1UL) << 62 | (ulong)(uint)(int.MaxValue - s.Failures) << 31 | (uint)(int.MaxValue - s.Probes);
            UInt128 bits = s.Address.Bits;
            (_high, _low, _family) = ((ulong)(bits >> 64), (ulong)bits, s.Address.Family);
        }

        public int CompareTo(RankKey other)
        {
            int c = _counts.CompareTo(other._counts);
            if (c == 0) c = _family.CompareTo(other._family);
            if (c == 0) c = _high.CompareTo(other._high);
            return c != 0 ? c : _low.CompareTo(other._low);
        }
    }

    /// <summary>The order both the pane and the CLI use: compromised first, then most failures, then the address, so
    /// equal rows never swap places between refreshes.</summary>
    public static int Rank(SourceStats a, SourceStats b)
    {
        int c = b.Compromised.CompareTo(a.Compromised);
        if (c == 0) c = b.Failures.CompareTo(a.Failures);
        if (c == 0) c = b.Probes.CompareTo(a.Probes);
        if (c == 0) c = a.Address.Family.CompareTo(b.Address.Family);
        return c != 0 ? c : a.Address.Bits.CompareTo(b.Address.Bits);
    }
}
