using VpsTop.Core.AuthSources;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class SyslogPrefixTests
{
    [Fact]
    public void Both_header_formats_rsyslog_writes_give_time_pid_and_message()
    {
        // Debian 11 (BSD) and Debian 12 (RFC 3339, high precision) rsyslog lines.
        const string bsd = "Nov  8 21:06:40 vps sshd[998915]: Failed password for root from 203.0.113.9 port 4242 ssh2";
        const string rfc = "2026-11-28T21:06:40.653281+01:00 vps sshd-session[42]: Accepted publickey for admin from 198.51.100.7 port 50000 ssh2";

        Assert.True(SyslogPrefix.TryParse(bsd, out SyslogPrefix b));
        Assert.Equal((11, 8, 21 * 3600 + 6 * 60 + 40, 998915), (b.Month, b.Day, b.SecondOfDay, b.Pid!.Value));
        Assert.Equal("Failed password for root from 203.0.113.9 port 4242 ssh2", bsd[b.MessageStart..]);
        Assert.Null(b.Stamp);
        Assert.Equal(2025, b.Resolve(new DateTime(2026, 1, 3)).Year); // a November line in a file last written in January

        Assert.True(SyslogPrefix.TryParse(rfc, out SyslogPrefix r));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 20, 6, 40, TimeSpan.Zero).AddTicks(6532810), r.Stamp);
        Assert.Equal(42, r.Pid);
        Assert.Equal("Accepted publickey for admin from 198.51.100.7 port 50000 ssh2", rfc[r.MessageStart..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Nov 28 21:06:40")]
    [InlineData("Xyz 28 21:06:40 vps sshd[1]: x")]
    [InlineData("Nov 28 2x:06:40 vps sshd[1]: x")]
    [InlineData("2026-13-99T99:99:99Z vps sshd[1]: x")]
    [InlineData("Nov 28 21:06:40 vps-without-tag")]
    public void Malformed_headers_are_refused_without_throwing(string line) => Assert.False(SyslogPrefix.TryParse(line, out _));

    [Fact]
    public void A_tag_without_a_numeric_pid_has_no_pid()
    {
        Assert.True(SyslogPrefix.TryParse("Nov 28 21:06:40 vps sshd[12a]: x", out SyslogPrefix p));
        Assert.Null(p.Pid);
    }
}
