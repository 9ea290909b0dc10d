using System.Globalization;
using VpsTop.Core.AuthSources;
using static VpsTop.Core.Tests.AuthSources.RealJournalFile;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class AuthLineDeduplicatorTests
{
    private const long T0 = 1795900000000000; // 2026-11-28 21:06:40 UTC

    private static (string, byte[])[] Sshd(int pid, long realtime, string message) =>
    [
        F("__REALTIME_TIMESTAMP", realtime.ToString(CultureInfo.InvariantCulture)), F("_PID", pid.ToString(CultureInfo.InvariantCulture)),
        F("_UID", "0"), F("_COMM", "sshd"), F("_EXE", "/usr/sbin/sshd"), F("_SYSTEMD_UNIT", "ssh.service"), F("SYSLOG_IDENTIFIER", "sshd"),
        F("MESSAGE", message),
    ];

    // As rsyslog writes them: BSD stamp in local time from sshd's own send time, host, tag[pid].
    private static LogLine FileLine(long realtime, int pid, string message)
    {
        DateTime local = DateTimeOffset.FromUnixTimeMilliseconds(realtime / 1000).ToLocalTime().DateTime;
        string stamp = local.ToString("MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + local.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);
        return new LogLine($"{stamp} vps sshd[{pid}]: {message}", "auth.log");
    }

    private const string Failed = "Failed password for root from 203.0.113.9 port 4242 ssh2";
    private const string Closed = "Connection closed by authenticating user root 203.0.113.9 port 4242 [preauth]";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Events_in_both_the_journal_and_auth_log_count_once_and_repeats_still_count(bool journalFirst)
    {
        using var dir = new TempLogDir();
        string file = Write(dir, "system",
            Sshd(100, T0 + 200_000, Failed),
            Sshd(100, T0 + 700_000, Failed),                     // the same failure again in the same second
            Sshd(100, T0 + 1_050_000, Closed),                   // received in the next second, sent at :40
            Sshd(200, T0 + 5_000_000, "Accepted publickey for admin from 198.51.100.7 port 50000 ssh2"));
        IReadOnlyList<LogLine> journal = JournalReader.ReadAll(JournalLocation.OfFiles(file), JournalStart.Tail(100)).Lines;
        Assert.Equal(4, journal.Count);
        LogLine[] auth =
        [
            FileLine(T0, 100, Failed), FileLine(T0, 100, Failed), FileLine(T0, 100, Closed),
            FileLine(T0 + 10_000_000, 300, "Received disconnect from 192.0.2.4 port 2222:11: Bye Bye [preauth]"),
        ];

        var dedup = new AuthLineDeduplicator();
        IEnumerable<LogLine> all = journalFirst ? journal.Concat(auth) : auth.Concat(journal);
        string[] counted = all.Where(l => dedup.Admit(l)).Select(l => l.Journal is null ? l.Text[(l.Text.IndexOf("]: ",
            StringComparison.Ordinal) + 3)..] : l.Text).ToArray();

        Assert.Equal(5, counted.Length);
        Assert.Equal(2, counted.Count(t => t == Failed));
        Assert.Equal(1, counted.Count(t => t == Closed));
        Assert.Contains("Accepted publickey for admin from 198.51.100.7 port 50000 ssh2", counted);
        Assert.Contains("Received disconnect from 192.0.2.4 port 2222:11: Bye Bye [preauth]", counted);
    }

    [Fact]
    public void Different_pids_or_seconds_are_different_events()
    {
        var dedup = new AuthLineDeduplicator();
        Assert.True(dedup.Admit(FileLine(T0, 100, Failed)));
        Assert.True(dedup.Admit(FileLine(T0, 101, Failed)));
        Assert.True(dedup.Admit(FileLine(T0 + 3_000_000, 100, Failed)));
        Assert.True(dedup.Admit(new LogLine("not a syslog line", "auth.log")));
        Assert.False(dedup.Admit(LogLine.Gap("auth.log", "truncated")));
    }
}
