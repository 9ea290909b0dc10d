using System.Globalization;
using VpsTop.Cli;
using VpsTop.Core.Auth;

namespace VpsTop.Tests.Cli;

/// <summary>The streamed per-IP table against <see cref="TextTable"/>, the layout every other table of the CLI uses,
/// built cell by cell from the same sources: the same text, byte for byte.</summary>
public sealed class AuthSummaryTableTests
{
    [Fact]
    public void The_streamed_table_is_laid_out_as_a_text_table_of_the_same_cells()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        var analysis = new AuthAnalysis();
        string[] lines =
        [
            "Nov 28 03:00:01 vps sshd[10]: Failed password for root from 203.0.113.7 port 1000 ssh2",
            "Nov 28 03:00:02 vps sshd[11]: Failed password for invalid user zed from 203.0.113.7 port 1001 ssh2",
            "Nov 28 03:00:03 vps sshd[12]: Failed password for invalid user \u001b[2Jadmin\u202e from 203.0.113.7 port 1002 ssh2",
            "Nov 28 03:00:04 vps sshd[13]: Failed password for invalid user bob from 203.0.113.7 port 1003 ssh2",
            "Nov 28 03:00:05 vps sshd[14]: Failed password for invalid user alice from 203.0.113.7 port 1004 ssh2",
            "Nov 28 03:00:06 vps sshd[15]: Failed password for invalid user carol from 203.0.113.7 port 1005 ssh2",
            "Nov 28 03:00:07 vps sshd[16]: Accepted password for root from 203.0.113.7 port 1006 ssh2",
            "Nov 28 04:00:00 vps sshd[17]: Failed password for root from 2001:db8:1:2::abcd port 2000 ssh2",
            "Nov 28 04:00:01 vps sshd[18]: Failed password for root from ::ffff:198.51.100.1 port 2001 ssh2",
            "Nov 28 04:00:02 vps sshd[19]: Connection closed by 192.0.2.200 port 2002 [preauth]",
        ];
        foreach (string line in lines) analysis.Add(parser.Parse(line, now)!);
        var (streamed, table) = BothWays(analysis);

        Assert.Equal(table, streamed);
        string[] rows = streamed.Split(Environment.NewLine);
        Assert.StartsWith("203.0.113.7 ", rows[1]);                        // compromised first
        Assert.Contains(" \\x1b[2Jadmin\\u202e,alice,bob,carol,root ", rows[1]); // the first five names, inert
        Assert.Contains(rows, r => r.StartsWith("198.51.100.1 ", StringComparison.Ordinal)); // mapped shown as IPv4
        Assert.Contains(rows, r => r.StartsWith("2001:db8:1:2::abcd ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_formatted_in_parts_on_every_core_is_the_same_table()
    {
        // 20,000 sources: several parts, whose widths must agree (the widest IPv6 address is in one part only)
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        var analysis = new AuthAnalysis();
        for (int i = 0; i < 20_000; i++)
        {
            string ip = i == 12_345 ? "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff" : $"10.{i / 250}.{i % 250}.{1 + i % 7}";
            analysis.Add(parser.Parse($"Nov 28 03:{i / 1000 % 60:00}:{i % 60:00} vps sshd[{i}]: Failed password for invalid user "
                + $"u{i % 13} from {ip} port 22 ssh2", now)!);
        }
        Assert.True(AuthSummaryTable.Parts(analysis.ByIp.Count).Length > 1);

        var (streamed, table) = BothWays(analysis);
        Assert.Equal(table, streamed);
    }

    /// <summary>The sources in rank order through the streamed table, and through a TextTable cell by cell.</summary>
    private static (string Streamed, string Table) BothWays(AuthAnalysis analysis)
    {
        var sources = analysis.ByIp.Values.ToArray();
        Array.Sort(sources, VpsTop.Core.Auth.Live.AttackerRow.Rank);
        var streamed = new StringWriter();
        AuthSummaryTable.Write(sources, streamed);
        var expected = new TextTable("IP", "FAILURES", "USERS", "ACCEPTED", "FIRST SEEN", "LAST SEEN", "COMPROMISED");
        foreach (var s in sources)
            expected.Add(s.Address.ToDisplayString(), s.Failures.ToString(CultureInfo.InvariantCulture), string.Join(',',
                s.Users.Order(StringComparer.Ordinal).Take(5)),
                s.Accepted.ToString(CultureInfo.InvariantCulture), Time(s.FirstSeen), Time(s.LastSeen), s.Compromised ? "YES" : "");
        var table = new StringWriter();
        expected.WriteTo(table);
        return (streamed.ToString(), table.ToString());
    }

    private static string Time(DateTimeOffset? t) => t is { } v ? v.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss",
        CultureInfo.InvariantCulture) : "";
}
