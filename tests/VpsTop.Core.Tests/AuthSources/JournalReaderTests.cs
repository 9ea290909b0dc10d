using VpsTop.Core.AuthSources;
using static VpsTop.Core.Tests.AuthSources.RealJournalFile;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class JournalReaderTests
{
    private static readonly (string, byte[])[] SshdBeforeLogin =
    [
        F("_TRANSPORT", "syslog"), F("_PID", "998915"), F("_UID", "0"), F("_COMM", "sshd-session"),
        F("_EXE", "/usr/lib/openssh/sshd-session"), F("_SYSTEMD_UNIT", "ssh.service"), F("SYSLOG_IDENTIFIER", "sshd-session"),
        F("MESSAGE", "Failed password for root from 203.0.113.9 port 4242 ssh2"),
    ];

    // An unprivileged user forging sshd's tag with `logger -t sshd`: only SYSLOG_IDENTIFIER says sshd.
    private static readonly (string, byte[])[] Forged =
    [
        F("_TRANSPORT", "syslog"), F("_PID", "4444"), F("_UID", "1000"), F("_COMM", "logger"), F("_EXE", "/usr/bin/logger"),
        F("_SYSTEMD_UNIT", "session-7.scope"), F("SYSLOG_IDENTIFIER", "sshd"),
        F("MESSAGE", "Accepted password for root from 198.51.100.1 port 1 ssh2"),
    ];

    private static readonly (string, byte[])[] Cron =
    [
        F("_PID", "77"), F("_UID", "0"), F("_COMM", "cron"), F("_EXE", "/usr/sbin/cron"), F("_SYSTEMD_UNIT", "cron.service"),
        F("SYSLOG_IDENTIFIER", "CRON"), F("MESSAGE", "pam_unix(cron:session): session opened for user root"),
    ];

    // After login pam_systemd moves the session process into session-N.scope: only _COMM still says sshd.
    // The user name is not valid UTF-8 (attacker-chosen bytes pass through sshd's logging).
    private static readonly (string, byte[])[] SshdAfterLogin =
    [
        F("_PID", "998915"), F("_UID", "0"), F("_COMM", "sshd-session"), F("_EXE", "/usr/lib/openssh/sshd-session"),
        F("_SYSTEMD_UNIT", "session-3.scope"), F("SYSLOG_IDENTIFIER", "sshd-session"),
        ("MESSAGE", [.. "pam_unix(sshd:session): session closed for user r"u8, 0xff, (byte)'t']),
    ];

    // Root, named sshd, but not an installed sshd binary.
    private static readonly (string, byte[])[] SshdFromTmp =
    [
        F("_PID", "5555"), F("_UID", "0"), F("_COMM", "sshd"), F("_EXE", "/tmp/.x/sshd"), F("SYSLOG_IDENTIFIER", "sshd"),
        F("MESSAGE", "Server listening on 0.0.0.0 port 2222."),
    ];

    [Fact]
    public void Only_sshd_entries_are_read_with_their_trusted_fields_and_forgeries_are_unverified()
    {
        using var dir = new TempLogDir();
        string file = Write(dir, "system", SshdBeforeLogin, Forged, Cron, SshdAfterLogin, SshdFromTmp);

        JournalReadResult result = JournalReader.ReadAll(JournalLocation.OfFiles(file), JournalStart.Tail(100));

        Assert.Null(result.Problem);
        Assert.Equal(
            ["Failed password for root from 203.0.113.9 port 4242 ssh2", "Accepted password for root from 198.51.100.1 port 1 ssh2",
             "pam_unix(sshd:session): session closed for user r\uFFFDt", "Server listening on 0.0.0.0 port 2222."],
            result.Lines.Select(l => l.Text));
        Assert.Equal([true, false, true, false], result.Lines.Select(l => l.Journal!.Verified));
        JournalFields first = result.Lines[0].Journal!;
        Assert.Equal((998915, "sshd-session", 0u, "sshd-session", "ssh.service"), (first.Pid, first.Comm, first.Uid,
            first.SyslogIdentifier, first.SystemdUnit));
        Assert.Equal(1795900000000000, first.RealtimeMicroseconds);
        Assert.Equal("session-7.scope", result.Lines[1].Journal!.SystemdUnit);
        Assert.All(result.Lines, l => Assert.Equal("journal", l.Source));
        Assert.Equal(result.Lines[^1].Journal!.Cursor, result.LastCursor);
        Assert.Distinct(result.Lines.Select(l => l.Journal!.Cursor));
    }

    [Fact]
    public void Reading_resumes_after_a_saved_cursor_or_from_a_time()
    {
        using var dir = new TempLogDir();
        string file = Write(dir, "system", SshdBeforeLogin, Forged, Cron, SshdAfterLogin, SshdFromTmp);
        JournalLocation location = JournalLocation.OfFiles(file);
        JournalReadResult all = JournalReader.ReadAll(location, JournalStart.Tail(100));

        JournalReadResult resumed = JournalReader.ReadAll(location, JournalStart.After(all.Lines[1].Journal!.Cursor));
        JournalReadResult since = JournalReader.ReadAll(location, JournalStart.At(all.Lines[2].Journal!.Realtime));
        JournalReadResult lastTwo = JournalReader.ReadAll(location, JournalStart.Tail(2));
        JournalReadResult nothingNew = JournalReader.ReadAll(location, JournalStart.After(all.LastCursor!));

        Assert.Equal(all.Lines.Skip(2).Select(l => l.Journal!.Cursor), resumed.Lines.Select(l => l.Journal!.Cursor));
        Assert.Equal(all.Lines.Skip(2).Select(l => l.Journal!.Cursor), since.Lines.Select(l => l.Journal!.Cursor));
        Assert.Equal(all.Lines.Skip(2).Select(l => l.Journal!.Cursor), lastTwo.Lines.Select(l => l.Journal!.Cursor));
        Assert.Empty(nothingNew.Lines);
    }

    [Fact]
    public void Following_delivers_the_backlog_on_its_own_thread_and_stops_on_dispose()
    {
        using var dir = new TempLogDir();
        string file = Write(dir, "system", SshdBeforeLogin, SshdAfterLogin);
        var got = new List<LogLine>();
        int? threadId = null;
        using var arrived = new ManualResetEventSlim();
        var reader = new JournalReader(JournalLocation.OfFiles(file), JournalStart.Tail(10), follow: true);
        reader.Start(batch =>
        {
            lock (got) { got.AddRange(batch); threadId = Environment.CurrentManagedThreadId; }
            arrived.Set();
        });
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(10)));
        var stopping = new Thread(reader.Dispose);
        stopping.Start();
        Assert.True(stopping.Join(TimeSpan.FromSeconds(5)), "the reader thread did not stop");
        Assert.Equal(2, got.Count);
        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId);
        Assert.Null(reader.Problem);
    }

    [Fact]
    public void A_journal_file_that_cannot_be_opened_is_a_reason_not_an_exception()
    {
        using var dir = new TempLogDir();
        JournalReadResult result = JournalReader.ReadAll(JournalLocation.OfFiles(dir.File("absent.journal")), JournalStart.Tail(10));
        Assert.Empty(result.Lines);
        Assert.Equal($"cannot open {dir.File("absent.journal")}: absent", result.Problem);
    }
}
