using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

public sealed class SyslogPrefixParserTests
{
    private static readonly SyslogPrefixParser Utc = new(TimeZoneInfo.Utc);

    [Fact]
    public void RememberedStampsGiveWhatAFreshParserGives()
    {
        // One parser keeps the last stamp, minute and tag; each line must read as it reads alone: seconds within a
        // minute, a new minute, the hour the clocks went forward and the one repeated in autumn (Berlin), a leap
        // second, December read in January, and the reference time changing between lines.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var remembering = new SyslogPrefixParser(zone);
        var january = new DateTimeOffset(2026, 1, 2, 0, 10, 0, TimeSpan.Zero);
        var november = new DateTimeOffset(2025, 11, 30, 0, 0, 0, TimeSpan.Zero);
        (string Stamp, DateTimeOffset Now)[] lines =
        [
            ("Mar 30 01:59:58", november), ("Mar 30 01:59:59", november), ("Mar 30 02:00:00", november), ("Mar 30 02:30:01", november),
            ("Mar 30 03:00:00", november), ("Mar 30 03:00:07", november), ("Oct 26 02:59:59", november), ("Oct 26 02:30:00", november),
            ("Oct 26 02:30:05", november), ("Jun 30 23:59:59", november), ("Jun 30 23:59:60", november), ("Dec 31 23:59:58", january),
            ("Dec 31 23:59:59", january), ("Dec 31 23:59:59", november), ("Jan  1 00:00:01", january), ("Jan  1 00:00:02", january),
            ("Jan  1 00:00:02", january), ("Nov 30 00:00:00", november), ("Dec  1 00:00:30", november), ("Dec  1 00:00:31", november),
        ];
        foreach (var (stamp, now) in lines)
        {
            string line = $"{stamp} host sshd[1]: x";
            Assert.True(remembering.TryParse(line, now, out var kept), line);
            Assert.True(new SyslogPrefixParser(zone).TryParse(line, now, out var fresh), line);
            Assert.Equal(fresh, kept);
        }
    }

    [Fact]
    public void RememberedHostsGiveWhatAFreshParserGives()
    {
        // One parser keeps the text between the stamp and the tag of the last line with a host; each line must still
        // read as it reads alone: a host that is a prefix of the next one, more spaces, no host (busybox), a host
        // that looks like a tag, a facility token, the same host in a line that is not syslog, and hosts changing.
        var remembering = new SyslogPrefixParser(TimeZoneInfo.Utc);
        string[] lines =
        [
            "Jun  1 10:00:00 vps1 sshd[1]: a", "Jun  1 10:00:00 vps1 sshd[2]: b", "Jun  1 10:00:01 vps10 sshd[3]: c",
            "Jun  1 10:00:01 vps1  sshd[4]: d", "Jun  1 10:00:02 vps1 auth.info sshd[5]: e", "Jun  1 10:00:02 sshd[6]: f",
            "Jun  1 10:00:02 vps1 sshd[7]: g", "Jun  1 10:00:03 vps1:", "Jun  1 10:00:03 vps1 sshd: h",
            "Jun  1 10:00:03 vps1 x y z", "Jun  1 10:00:04 vps1 sshd[8]: i", "Jun  1 10:00:04 sshd: j",
            "Jun  1 10:00:04 sshd: sshd[9]: k", "Jun  1 10:00:05 vps1 sshd[10]: l", "Jun  1 10:00:05 vps1 ", "Jun  1 10:00:05 vps1",
            "Jun  1 10:00:06 other sshd-session[11]: m", "Jun  1 10:00:06 vps1 sshd[12]: n", "Jun  1 10:00:06 vps1\tsshd[13]: o",
            "Jun  1 10:00:07 vps1 vps1 sshd[14]: p",
        ];
        var now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        foreach (string line in lines)
        {
            bool keptOk = remembering.TryParse(line, now, out var kept);
            bool freshOk = new SyslogPrefixParser(TimeZoneInfo.Utc).TryParse(line, now, out var fresh);
            Assert.True(freshOk == keptOk, line);
            Assert.Equal(fresh, kept);
        }
    }

    [Fact]
    public void DecemberLineReadInJanuaryIsLastYear()
    {
        var now = new DateTimeOffset(2026, 1, 2, 0, 10, 0, TimeSpan.Zero);
        Assert.True(Utc.TryParse("Dec 31 23:59:58 host sshd[1]: x", now, out var p));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 59, 58, TimeSpan.Zero), p.Time);
        Assert.True(Utc.TryParse("Jan  1 00:00:01 host sshd[1]: x", now, out p));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), p.Time);
    }

    [Fact]
    public void Feb29InANonLeapYearIsTheYearBefore()
    {
        var now = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(Utc.TryParse("Feb 29 10:00:00 h sshd[1]: x", now, out var p));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 10, 0, 0, TimeSpan.Zero), p.Time);
    }

    [Fact]
    public void Rfc3339KeepsItsOffset()
    {
        Assert.True(Utc.TryParse("2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: msg", DateTimeOffset.UnixEpoch, out var p));
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 0, 20, 42, 738, TimeSpan.FromHours(1)).AddTicks(1970), p.Time);
        Assert.Equal(TimeSpan.FromHours(1), p.Time!.Value.Offset);
        Assert.Equal("myserver", p.Host);
        Assert.Equal("sshd", p.Program);
        Assert.Equal(1112652, p.Pid);
        Assert.True(Utc.TryParse("2024-05-01T08:15:23Z h sshd-session[7]: m", DateTimeOffset.UnixEpoch, out p));
        Assert.Equal(TimeSpan.Zero, p.Time!.Value.Offset);
        Assert.True(Utc.TryParse("2024-05-01T08:15:23-05:30 h sshd[7]: m", DateTimeOffset.UnixEpoch, out p));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 13, 45, 23, TimeSpan.Zero), p.Time!.Value.ToUniversalTime());
    }

    [Fact]
    public void Rfc5424WithStructuredData()
    {
        const string line =
            "<38>1 2024-05-01T08:15:23.123456+02:00 vps sshd-session 4242 - [meta x=\"a \\] b\" y=\"1\"][origin ip=\"10.0.0.1\"] Invalid "
                + "user bob from 203.0.113.5 port 22";
        Assert.True(Utc.TryParse(line, DateTimeOffset.UnixEpoch, out var p));
        Assert.Equal("vps", p.Host);
        Assert.Equal("sshd-session", p.Program);
        Assert.Equal(4242, p.Pid);
        Assert.Equal("Invalid user bob from 203.0.113.5 port 22", line[p.MessageStart..]);
        Assert.True(Utc.TryParse("<38>1 - - sshd - - - hello", DateTimeOffset.UnixEpoch, out p));
        Assert.Null(p.Time);
        Assert.Null(p.Pid);
        Assert.Equal("hello", "<38>1 - - sshd - - - hello"[p.MessageStart..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Foo 12 10:00:00 h sshd[1]: x")]
    [InlineData("Dec 32 10:00:00 h sshd[1]: x")]
    [InlineData("Dec 10 25:00:00 h sshd[1]: x")]
    [InlineData("Dec 10 10:00:00")]
    [InlineData("Dec 10 10:00:00 h sshd[99999999999]: x")]
    [InlineData("<999999999>1 x")]
    [InlineData("2024-13-45T99:00:00Z h sshd[1]: x")]
    public void MalformedPrefixesAreRejected(string line) => Assert.False(Utc.TryParse(line, DateTimeOffset.UnixEpoch, out _));
}
