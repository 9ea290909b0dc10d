using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;

namespace VpsTop.Core.Tests.Auth.Live;

public sealed class AttackerRowTests
{
    [Fact]
    public void Sorting_by_keys_gives_the_rank_order()
    {
        // Sources with equal counts (ordered by address), IPv4 and IPv6, probes only, and compromised ones.
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var analysis = new AuthAnalysis();
        var rnd = new Random(9);
        for (int i = 0; i < 20_000; i++)
        {
            string ip = rnd.Next(4) == 0 ? $"2001:db8:{rnd.Next(8):x}::{rnd.Next(1, 300):x}" : $"198.51.{rnd.Next(3)}.{rnd.Next(1, 255)}";
            string message = rnd.Next(10) switch
            {
                0 => $"Connection closed by {ip} port 22 [preauth]",
                1 when rnd.Next(20) == 0 => $"Accepted password for root from {ip} port 22 ssh2",
                _ => $"Failed password for root from {ip} port 22 ssh2",
            };
            analysis.Add(parser.Parse($"Nov 28 0{rnd.Next(10)}:00:00 vps sshd[{i}]: {message}", now)!);
        }
        var expected = analysis.ByIp.Values.ToArray();
        Array.Sort(expected, AttackerRow.Rank);
        var actual = analysis.ByIp.Values.ToArray();
        AttackerRow.SortByRank(actual);

        Assert.Contains(expected, s => s.Compromised);
        Assert.Contains(expected, s => s.Failures == 0);
        Assert.Contains(expected.GroupBy(s => s.Failures), g => g.Count() > 1);
        Assert.Equal(expected.Select(s => s.Address), actual.Select(s => s.Address));
    }
}
