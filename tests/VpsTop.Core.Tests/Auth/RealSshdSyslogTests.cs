using VpsTop.Core.Auth;
using VpsTop.Core.AuthSources;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Auth;

/// <summary>
/// The alarm on a real, timestamped log: a real /usr/sbin/sshd on a spare loopback port, run with -D and without -E,
/// so it logs through syslog(3) to /dev/log. In a mount namespace of its own (unshare), /dev is an overlay on the
/// host's /dev with /dev/log bound to this test's datagram socket, which writes lines the way rsyslog does (BSD stamp
/// at reception, host name, tag[pid]). The host's /dev is never changed. Real ssh clients fail and then succeed;
/// the file is read as the CLI reads it and followed live as the pane follows it.
/// </summary>
[Trait("Category", "Root")]
public sealed class RealSshdSyslogTests : IDisposable
{
    private RealSshd? _sshd;
    private string User => _sshd!.User;
    private string Password => _sshd!.Password;
    private readonly CancellationTokenSource _stopFollowing = new();
    private Thread? _following;
    private LogFileFollower? _followerToDispose;

    [Fact]
    public void AlarmAndTableFromSyslogWrittenBySshdAndFollowedLive()
    {
        DateTimeOffset started = DateTimeOffset.Now;
        bool hostHadDevLog = Path.Exists("/dev/log");
        _sshd = new RealSshd(new RealSshdOptions
        {
            Name = "vpstop-syslog-",
            Logging = SshdLogging.Syslog,
            SyslogHost = "vpstest",
            UserPrefix = "vps",
            AllowUsers = [],
            Settings = """
                PasswordAuthentication yes
                PubkeyAuthentication no
                """,
        });
        string log = _sshd.Log;
        Assert.Equal(hostHadDevLog, Path.Exists("/dev/log")); // the bind is only in sshd's namespace
        // Followed from its first line while sshd writes it, as the pane follows the file
        var followed = new List<LogLine>();
        var follower = new LogFileFollower(log, "auth.log", FollowStart.Beginning); // disposed after its thread, in Dispose
        _followerToDispose = follower;
        var following = new Thread(() => follower.Follow(lines => { lock (followed) followed.AddRange(lines); },
            TimeSpan.FromMilliseconds(100), _stopFollowing.Token));
        following.Start();
        _following = following;

        Ssh("127.0.0.2", User, "wrong1");
        Ssh("127.0.0.2", User, "wrong2");
        Ssh("127.0.0.2", User, "wrong3");
        string invalid = "nosuch" + User[3..];
        Ssh("127.0.0.3", invalid, "x");
        Ssh("127.0.0.3", "x from 10.9.9.9 port 1", "x");
        Poll.Until(_sshd.LogText, text => text.Split("Failed password").Length - 1 >= 5, "five failed passwords in the log",
            describe: text => "the log:\n" + text);
        // The follower has these lines before the login happens: it follows the file while sshd writes it
        Poll.Until(() => { lock (followed) return followed.Count(l => l.Text.Contains("Failed password for " + User)); }, n => n == 3,
            $"the follower to deliver the three failures for {User}");
        Thread.Sleep(3500); // a real gap of at least 3 s between the last failure and the accept, for the window
        Assert.Equal(0, Ssh("127.0.0.2", User, Password));
        // the session's last line: after it sshd writes nothing more, so the file and the follower can be compared
        Poll.Until(_sshd.LogText, text => text.Contains("Disconnected from user " + User), "the session's last line",
            describe: text => "the log:\n" + text);
        DateTimeOffset finished = DateTimeOffset.Now;

        // As `vpstop auth --source FILE` reads it
        var read = AuthEventSource.Read(SystemRoot.Live, log, since: null);
        Assert.Equal(log, read.Source);
        var events = read.Events.Where(e => e.Ip is not null).ToList();
        Assert.All(read.Events, e =>
        {
            Assert.Equal("vpstest", e.Host);
            Assert.NotNull(e.Time);
            Assert.InRange(e.Time!.Value, started.AddSeconds(-2), finished.AddSeconds(2));
            Assert.NotNull(e.Pid);
        });

        var failed = events.Where(e => e.Kind == AuthEventKind.Failed && e.Ip?.ToString() == "127.0.0.2").ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, e => { Assert.Equal(User, e.User); Assert.Equal("password", e.Method); Assert.False(e.InvalidUser); });
        Assert.Contains(events, e => e.Kind == AuthEventKind.InvalidUser && e.User == invalid && e.Ip?.ToString() == "127.0.0.3");
        Assert.Contains(events, e => e.Kind == AuthEventKind.InvalidUser && e.User == "x from 10.9.9.9 port 1"
            && e.Ip?.ToString() == "127.0.0.3");
        Assert.Equal(2, events.Count(e => e.Kind == AuthEventKind.Failed && e.InvalidUser && e.Ip?.ToString() == "127.0.0.3"));
        Assert.DoesNotContain(events, e => e.Ip?.ToString() == "10.9.9.9");
        AuthEvent accept = Assert.Single(events, e => e.Kind == AuthEventKind.Accepted);
        Assert.Equal(("127.0.0.2", User, "password"), (accept.Ip?.ToString(), accept.User, accept.Method));

        var analysis = Analyse(read.Events, TimeSpan.FromHours(24));
        var table = analysis.ByIp.Values.ToDictionary(s => s.Address.ToString());
        Assert.Equal((3, 1, true), (table["127.0.0.2"].Failures, table["127.0.0.2"].Accepted, table["127.0.0.2"].Compromised));
        Assert.Equal((2, 0, false), (table["127.0.0.3"].Failures, table["127.0.0.3"].Accepted, table["127.0.0.3"].Compromised));
        Assert.Equal(new[] { invalid, "x from 10.9.9.9 port 1" }.Order(StringComparer.Ordinal),
            table["127.0.0.3"].Users.Order(StringComparer.Ordinal));
        // first/last seen span every line of the source ("Connection from" comes before the first failure)
        var fromTwo = events.Where(e => e.Ip?.ToString() == "127.0.0.2").ToList();
        Assert.Equal((fromTwo.Min(e => e.Time), fromTwo.Max(e => e.Time)), (table["127.0.0.2"].FirstSeen, table["127.0.0.2"].LastSeen));
        Assert.True(table["127.0.0.2"].FirstSeen <= failed[0].Time && table["127.0.0.2"].LastSeen >= accept.Time);
        var alarm = Assert.Single(analysis.Alarms);
        Assert.Equal(("127.0.0.2", false, User, "password", 3), (alarm.Source.ToString(), alarm.ByNetwork64, alarm.User, alarm.Method,
            alarm.FailureCount));
        Assert.Equal(failed.Select(e => e.Line), alarm.Failures.Select(e => e.Line));
        Assert.Same(accept, alarm.Accept);

        // The window is measured on the log's own stamps: failures before accept − window do not count
        TimeSpan gap = accept.Time!.Value - failed[^1].Time!.Value;
        Assert.True(gap >= TimeSpan.FromSeconds(3), $"gap {gap}");
        var tooShort = Analyse(read.Events, gap - TimeSpan.FromSeconds(1));
        Assert.Empty(tooShort.Alarms);
        Assert.False(tooShort.ByIp.Values.Single(s => s.Address.ToString() == "127.0.0.2").Compromised);
        var justTheLast = Analyse(read.Events, gap);
        Assert.Equal(failed.Where(e => e.Time >= accept.Time - gap).Select(e => e.Line),
            Assert.Single(justTheLast.Alarms).Failures.Select(e => e.Line));
        Assert.Contains(failed[^1].Line, Assert.Single(justTheLast.Alarms).Failures.Select(e => e.Line));

        // Live: the follower delivered exactly the file's lines, in order, and they parse to the same events
        Poll.Until(() => { lock (followed) return (Followed: followed.Count, InFile: File.ReadAllLines(log).Length); },
            n => n.Followed == n.InFile, "the follower to deliver every line of the file");
        _stopFollowing.Cancel();
        Assert.True(following.Join(5000));
        Assert.Equal(File.ReadAllLines(log), followed.Select(l => l.Text));
        Assert.DoesNotContain(followed, l => l.IsGap);
        var parser = new AuthLineParser();
        var tracker = new ConnectionTracker();
        var live = followed.Select(l => parser.Parse(l.Text, DateTimeOffset.Now)).OfType<AuthEvent>().Select(tracker.Resolve).ToList();
        Assert.Equal(read.Events, live);
    }

    private static AuthAnalysis Analyse(IEnumerable<AuthEvent> events, TimeSpan window)
    {
        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmWindow = window, AlarmMinFailures = 1 });
        foreach (var e in events) analysis.Add(e);
        return analysis;
    }

    private int Ssh(string source, string user, string password) => _sshd!.PasswordLogin(user, password, source);

    public void Dispose()
    {
        _stopFollowing.Cancel();
        _following?.Join(5000);
        _stopFollowing.Dispose();
        _followerToDispose?.Dispose();
        _sshd?.Dispose();
    }
}
