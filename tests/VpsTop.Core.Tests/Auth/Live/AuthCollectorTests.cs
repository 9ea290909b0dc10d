using System.Globalization;
using System.Text;
using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.AuthSources;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Auth.Live;

/// <summary>
/// The Auth pane's collector on real files: history already in auth.log when it starts, lines appended while it
/// follows, a logrotate-style rename in the middle, what a real sshd wrote with -E (no syslog header), and no
/// source at all. Times are checked against the alarm window, the snapshot against the CLI's analysis.
/// </summary>
public sealed class AuthCollectorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TempLogDir _dir = new();
    private readonly List<AuthCollector> _collectors = [];
    private static readonly DateTimeOffset Base = new(DateTimeOffset.Now.Year, 1, 15, 3, 12, 0, DateTimeOffset.Now.Offset);

    public void Dispose()
    {
        foreach (var c in _collectors) c.Dispose();
        _dir.Dispose();
    }

    /// <summary>An auth.log line as rsyslog writes it (BSD syslog with the local time and no year).</summary>
    private static string Syslog(int second, int pid, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{Base.AddSeconds(second):MMM dd HH:mm:ss} vps sshd[{pid}]: {message}\n");

    private AuthCollector Start(SystemRoot root, string source = "auto", AuthCollectorOptions? options = null)
    {
        var c = new AuthCollector(root, source, options ?? new AuthCollectorOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            PublishInterval = TimeSpan.FromMilliseconds(50)
        });
        _collectors.Add(c);
        c.Start();
        return c;
    }

    private static AuthSnapshot WaitFor(AuthCollector c, Func<AuthSnapshot, bool> condition, string what) =>
        Poll.Until(() => (c.Version, c.Latest), s => s.Version > 0 && condition(s.Latest), what, Patience, s => Describe(s.Latest)).Latest;

    private static string Describe(AuthSnapshot s) =>
        $"{s.Events} events, sources [{string.Join(", ", s.Sources)}], problems [{string.Join("; ", s.Problems)}]";

    private SystemRoot RootWithAuthLog(string content)
    {
        string log = Path.Combine(_dir.Path, "var/log/auth.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, content);
        return new SystemRoot(_dir.Path);
    }

    [Fact]
    public void History_is_on_the_table_at_start_and_appended_lines_raise_the_alarm_with_their_evidence()
    {
        var history = new StringBuilder();
        for (int i = 0; i < 5; i++)
            history.Append(Syslog(i, 1000 + i, $"Failed password for root from 203.0.113.9 port {40000 + i} ssh2"));
        history.Append(Syslog(6, 1010, "Invalid user admin from 198.51.100.23 port 51000"));
        history.Append(Syslog(6, 1010, "Failed password for invalid user admin from 198.51.100.23 port 51000 ssh2"));
        var root = RootWithAuthLog(history.ToString());
        var collector = Start(root);

        var first = WaitFor(collector, s => s.Events == 7, "the history");
        Assert.Equal(["/var/log/auth.log"], first.Sources);
        Assert.Contains(first.Problems, p => p.StartsWith("journal", StringComparison.Ordinal));
        Assert.Equal("203.0.113.9", first.Attackers[0].Address.ToDisplayString());
        Assert.Equal(5, first.Attackers[0].Failures);
        Assert.Equal(["root"], first.Attackers[0].Users);
        Assert.Empty(first.Alarms);
        Assert.Equal(1, first.InvalidUsers);

        // Minutes later the same IP gets in: the alarm, with the five failures as evidence.
        File.AppendAllText(root.Path("/var/log/auth.log"),
            Syslog(300, 1020, "Accepted password for root from 203.0.113.9 port 40100 ssh2")
            + Syslog(300, 1020, "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)"));
        var alarmed = WaitFor(collector, s => s.Alarms.Count == 1, "the alarm");
        var alarm = alarmed.Alarms[0];
        Assert.Equal("203.0.113.9", alarm.Source.ToDisplayString());
        Assert.Equal("root", alarm.User);
        Assert.Equal("password", alarm.Method);
        Assert.Equal(5, alarm.FailureCount);
        Assert.True(alarmed.Attackers[0].Compromised);
        Assert.Equal(1, alarmed.Accepted);
        Assert.Equal(Base, alarmed.Since);
        Assert.Contains(alarmed.Recent, e => e.Kind == AuthEventKind.SessionOpened);
    }

    [Fact]
    public void A_failure_outside_the_alarm_window_does_not_raise_it()
    {
        var root = RootWithAuthLog(Syslog(0, 1, "Failed password for root from 203.0.113.9 port 40000 ssh2")
            + Syslog(7200, 2, "Accepted password for root from 203.0.113.9 port 40001 ssh2"));
        var collector = Start(root, options: new AuthCollectorOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50), PublishInterval = TimeSpan.FromMilliseconds(50),
            Analysis = new AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(1) },
        });
        var s = WaitFor(collector, s => s.Events == 2, "both events");
        Assert.Empty(s.Alarms);
        Assert.False(s.Attackers[0].Compromised);
    }

    [Fact]
    public void Lines_written_to_the_old_file_after_a_rename_rotation_and_to_the_new_one_are_all_counted()
    {
        var root = RootWithAuthLog(Syslog(0, 1, "Failed password for root from 203.0.113.9 port 40000 ssh2"));
        string log = root.Path("/var/log/auth.log");
        var collector = Start(root);
        WaitFor(collector, s => s.Failures == 1, "the first failure");

        // logrotate renames; the writer keeps its handle until HUPed and writes one more line to the old file.
        using (var writer = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            File.Move(log, log + ".1");
            File.WriteAllText(log, "");
            writer.Write(Encoding.UTF8.GetBytes(Syslog(1, 2, "Failed password for root from 203.0.113.9 port 40001 ssh2")));
        }
        File.AppendAllText(log, Syslog(2, 3, "Failed password for root from 203.0.113.9 port 40002 ssh2"));
        var s = WaitFor(collector, s => s.Failures == 3, "failures from both files");
        Assert.Equal(3, s.Attackers[0].Failures);
    }

    [Fact]
    public void A_long_history_arrives_in_batches_and_matches_the_clis_reading_of_the_same_file()
    {
        var text = new StringBuilder();
        int lines = 0;
        for (int i = 0; text.Length < 3 * 1024 * 1024; i++, lines++)
            text.Append(Syslog(i / 50, 2000 + i,
                $"Failed password for invalid user u{i % 97} from 10.{i % 7}.{i % 11}.{i % 13} port {1024 + i % 60000} ssh2"));
        var root = RootWithAuthLog(text.ToString());
        var collector = Start(root, options: new AuthCollectorOptions
        {
            BytesPerBatch = 256 * 1024, PollInterval = TimeSpan.FromMilliseconds(50), PublishInterval = TimeSpan.FromMilliseconds(10),
        });
        var seenBehind = new List<long>();
        var s = WaitFor(collector, s =>
        {
            seenBehind.Add(s.BytesBehind);
            return s.Failures == lines && s.BytesBehind == 0;
        }, "the whole history");
        Assert.Contains(seenBehind, b => b > 0); // progress was published while catching up

        var cli = AuthEventSource.Read(root, "auto", null);
        var analysis = new AuthAnalysis();
        foreach (var e in cli.Events) analysis.Add(e);
        Assert.Equal(analysis.ByIp.Count, s.SourceCount);
        foreach (var row in s.Attackers)
        {
            var expected = analysis.ByIp[row.Address];
            Assert.Equal(expected.Failures, row.Failures);
            Assert.Equal(expected.Users.Count, row.UserCount);
        }
        // Ranked: most failures first, ties by address, never reordered between snapshots.
        for (int i = 1; i < s.Attackers.Count; i++) Assert.True(s.Attackers[i - 1].Failures >= s.Attackers[i].Failures);
    }

    /// <summary>A collector following a copy of what a real sshd wrote with -E.</summary>
    private (AuthCollector Collector, string Copy) StartOnMinusELog()
    {
        string copy = _dir.File("sshd.log");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "auth", "openssh-9.2-loopback-E.log"), copy);
        return (Start(new SystemRoot(_dir.Path), copy), copy);
    }

    [Fact]
    public void What_a_real_sshd_wrote_with_minus_E_is_read_as_bare_messages()
    {
        var (collector, copy) = StartOnMinusELog();
        var s = WaitFor(collector, s => s.Alarms.Count > 0, "the alarm from the real log");
        Assert.Equal([copy], s.Sources);
        Assert.Equal("127.0.0.2", s.Alarms[0].Source.ToDisplayString());
        Assert.Equal(3, s.Alarms[0].FailureCount);
        // The attacker-chosen user name "x from 10.9.9.9 port 1" never makes 10.9.9.9 an attacker.
        Assert.DoesNotContain(s.Attackers, a => a.Address.ToDisplayString() == "10.9.9.9");
        Assert.Contains(s.Attackers, a => a.Address.ToDisplayString() == "127.0.0.4" && a.Users.Contains("x from 10.9.9.9 port 1"));
    }

    [Fact]
    public void A_bare_line_written_while_it_follows_gets_the_time_it_was_read_and_history_has_none()
    {
        var (collector, copy) = StartOnMinusELog();
        var history = WaitFor(collector, s => s.Alarms.Count > 0, "the history");
        Assert.All(history.Recent, e => Assert.Null(e.Time)); // sshd -E writes no time: none is made up for the past
        var before = DateTimeOffset.Now;
        File.AppendAllText(copy, "Failed password for root from 127.0.0.77 port 50000 ssh2\n");
        var live = WaitFor(collector, s => s.Recent.Any(e => e.Ip?.ToDisplayString() == "127.0.0.77"), "the appended line");
        var time = live.Recent.Single(e => e.Ip?.ToDisplayString() == "127.0.0.77").Time;
        Assert.NotNull(time);
        Assert.InRange(time.Value, before.AddSeconds(-1), DateTimeOffset.Now.AddSeconds(1));
        Assert.Equal(time, live.Attackers.Single(a => a.Address.ToDisplayString() == "127.0.0.77").LastSeen);
    }

    [Fact]
    public void On_request_the_rotated_files_are_read_first_so_failures_from_last_week_raise_the_alarm()
    {
        // logrotate's layout: auth.log.2.gz (oldest), auth.log.1, the live auth.log; a .xz one is listed as skipped.
        var root = RootWithAuthLog(Syslog(7200, 3, "Accepted password for root from 203.0.113.9 port 40009 ssh2"));
        string dir = root.Path("/var/log");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(dir, "auth.log.2.gz")),
            System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(Syslog(0, 1, "Failed password for root from 203.0.113.9 port 40000 ssh2")));
        File.WriteAllText(Path.Combine(dir, "auth.log.1"), Syslog(60, 2, "Failed password for root from 203.0.113.9 port 40001 ssh2"));
        File.WriteAllBytes(Path.Combine(dir, "auth.log.3.xz"), [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, 0, 0]);
        var collector = Start(root);
        var live = WaitFor(collector, s => s.Events == 1, "the live file");
        Assert.Empty(live.Alarms);

        collector.ReadRotatedHistory();
        var all = WaitFor(collector, s => s.Events == 3 && s.RotatedFiles.Count == 2, "the rotated files and the live one");
        Assert.Equal(["auth.log.2.gz", "auth.log.1"], all.RotatedFiles);
        var alarm = Assert.Single(all.Alarms);
        Assert.Equal(2, alarm.FailureCount);
        Assert.Contains(all.Problems, p => p.StartsWith("auth.log.3.xz", StringComparison.Ordinal));

        // Still following: a line appended now is counted once, after the history.
        File.AppendAllText(root.Path("/var/log/auth.log"), Syslog(7300, 4, "Failed password for admin from 198.51.100.1 port 1 ssh2"));
        WaitFor(collector, s => s.Events == 4, "the appended line");
    }

    [Fact]
    public void With_no_source_the_snapshot_says_what_was_tried_and_why()
    {
        var collector = Start(new SystemRoot(_dir.Path));
        var s = WaitFor(collector, s => s.Problems.Count >= 3, "the problems");
        Assert.Empty(s.Sources);
        Assert.Contains(s.Problems, p => p.Contains("/var/log/auth.log", StringComparison.Ordinal) && p.Contains("absent",
            StringComparison.Ordinal));
        Assert.Contains(s.Problems, p => p.Contains("/var/log/secure", StringComparison.Ordinal));
        Assert.Contains(s.Problems, p => p.StartsWith("journal", StringComparison.Ordinal));
        Assert.Contains(s.Problems, p => p.Contains("no readable sshd log", StringComparison.Ordinal));
    }
}
