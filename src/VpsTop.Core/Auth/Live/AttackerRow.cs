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
