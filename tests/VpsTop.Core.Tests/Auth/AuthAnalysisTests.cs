using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

public sealed class AuthAnalysisTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<AuthEvent> Read(params string[] lines) =>
        AuthLogReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), Now,
            TimeZoneInfo.Utc).ToList();

    [Fact]
    public void IpLessLinesAreTiedToTheirConnectionByPid()
    {
        var events = Read(
            "Jun  1 10:00:00 h sshd-session[77]: Connection from 203.0.113.5 port 4444 on 10.0.0.1 port 22",
            "Jun  1 10:00:01 h sshd-session[77]: error: kex_exchange_identification: client sent invalid protocol identifier \"GET / "
                + "HTTP/1.1\"",
            "Jun  1 10:00:02 h sshd-session[78]: Disconnecting: Too many authentication failures [preauth]");
        Assert.Equal("203.0.113.5", events[1].Ip?.ToDisplayString());
        Assert.True(events[1].IpFromConnection);
        Assert.Null(events[2].Ip);
    }

    [Fact]
    public void FailuresOnEarlierConnectionsThenAcceptRaiseTheAlarmWithEvidence()
    {
        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(1), AlarmMinFailures = 3 });
        foreach (var e in Read(
            "Jun  1 09:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 1000 ssh2",
            "Jun  1 10:50:00 h sshd[2]: Failed password for root from 203.0.113.5 port 1001 ssh2",
            "Jun  1 10:51:00 h sshd[3]: message repeated 2 times: [ Failed password for root from 203.0.113.5 port 1002 ssh2]",
            "Jun  1 10:55:00 h sshd[4]: Accepted password for root from 203.0.113.5 port 1003 ssh2",
            "Jun  1 10:56:00 h sshd[5]: Accepted publickey for ops from 198.51.100.1 port 1 ssh2"))
            analysis.Add(e);
        var alarm = Assert.Single(analysis.Alarms);
        Assert.Equal("root", alarm.User);
        Assert.Equal("password", alarm.Method);
        Assert.Equal(3, alarm.FailureCount); // the 09:00 failure is outside the one-hour window
        Assert.Equal(4, analysis.ByIp[alarm.Source].Failures);
        Assert.True(analysis.ByIp[alarm.Source].Compromised);
    }

    [Fact]
    public void A_two_day_brute_force_keeps_only_the_latest_failures_whole_yet_counts_every_one_in_the_window()
    {
        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(24) });
        var start = Now.AddHours(-48);
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        // One failure a minute for 48 hours, then the right password.
        for (int minute = 0; minute < 48 * 60; minute++)
        {
            var t = start.AddMinutes(minute);
            analysis.Add(parser.Parse($"{t:MMM dd HH:mm:ss} h sshd[{minute + 100}]: Failed password for root from 203.0.113.5 port "
                + $"{1024 + minute} ssh2", Now)!);
        }
        analysis.Add(parser.Parse($"{Now:MMM dd HH:mm:ss} h sshd[9]: Accepted password for root from 203.0.113.5 port 9 ssh2", Now)!);

        var alarm = Assert.Single(analysis.Alarms);
        Assert.Equal(24 * 60, alarm.FailureCount);                    // every failure of the last 24 hours
        Assert.Equal(SourceStats.EvidenceKept, alarm.Failures.Count);  // only the latest kept whole
        Assert.Equal(1024 + 48 * 60 - SourceStats.EvidenceKept, alarm.Failures[0].Port);
        Assert.Equal(48 * 60, analysis.ByIp[alarm.Source].Failures);
        Assert.Equal(60, analysis.ByIp[alarm.Source].RatePerMinute(Now, TimeSpan.FromMinutes(60)) * 60, precision: 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Failures_in_the_window_are_counted_exactly_while_old_seconds_are_dropped(int seed)
    {
        // Bursts, pauses and floods over six hours, with logins between them: each alarm counts exactly the failures
        // of its window, however the per-second counts were dropped and compacted underneath.
        var window = TimeSpan.FromMinutes(40);
        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmWindow = window });
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        var random = new Random(seed);
        var failures = new List<DateTimeOffset>();
        var expected = new List<int>();
        var t = Now.AddHours(-6);
        while (t < Now)
        {
            t = t.AddSeconds(random.Next(200) switch { 0 => random.Next(600, 3000), < 60 => 0, _ => random.Next(1, 5) });
            if (random.Next(100) == 0)
            {
                analysis.Add(parser.Parse($"{t:MMM dd HH:mm:ss} h sshd[2]: Accepted password for root from 203.0.113.5 port 2 ssh2", Now)!);
                int inWindow = failures.Count(f => f >= t - window && f <= t);
                if (inWindow > 0) expected.Add(inWindow);
                continue;
            }
            analysis.Add(parser.Parse($"{t:MMM dd HH:mm:ss} h sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2", Now)!);
            failures.Add(t);
        }
        Assert.True(expected.Count >= 10, $"{expected.Count} logins");
        Assert.Equal(expected, analysis.Alarms.Select(a => a.FailureCount));
        Assert.Equal(failures.Count, analysis.ByIp.Values.Single().Failures);
    }

    [Fact]
    public void Ipv6RotationWithinA64IsOneSource()
    {
        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmMinFailures = 2 });
        foreach (var e in Read(
            "Jun  1 10:00:00 h sshd[1]: Failed password for root from 2001:db8:1:2::10 port 1000 ssh2",
            "Jun  1 10:00:01 h sshd[2]: Failed password for admin from 2001:db8:1:2::11 port 1000 ssh2",
            "Jun  1 10:00:02 h sshd[3]: Accepted password for root from 2001:db8:1:2::12 port 1000 ssh2"))
            analysis.Add(e);
        var alarm = Assert.Single(analysis.Alarms);
        Assert.True(alarm.ByNetwork64);
        Assert.Equal("2001:db8:1:2::", alarm.Source.ToString());
        Assert.Equal(2, analysis.ByNetwork64[alarm.Source].Users.Count);
    }

    [Fact]
    public void SpraysAndDistributedAttacksAreFound()
    {
        var lines = new List<string>();
        for (int i = 0; i < 6; i++) lines.Add($"Jun  1 10:00:0{i} h sshd[{i + 1}]: Invalid user u{i} from 203.0.113.5 port {1000 + i}");
        for (int i =
            0; i < 6; i++)
            lines.Add($"Jun  1 10:01:0{i} h sshd[{i + 10}]: Failed password for admin from 198.51.100.{i + 1} port 2000 ssh2");
        var analysis = new AuthAnalysis();
        foreach (var e in Read([.. lines])) analysis.Add(e);
        var spray = Assert.Single(analysis.Sprays());
        Assert.Equal("203.0.113.5", spray.Source.ToString());
        Assert.Equal(6, spray.Users.Count);
        var dist = Assert.Single(analysis.DistributedAttacks());
        Assert.Equal("admin", dist.User);
        Assert.Equal(6, dist.Sources.Count);
    }
}
