using System.Diagnostics;
using System.Globalization;
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
public sealed class RealSshdSyslogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-syslog-").FullName;
    private TempUser? _account;
    private string User => _account!.Name;
    private string Password => _account!.Password;
    private readonly List<Process> _processes = [];
    private SyslogReceiver? _receiver;
    private int _port;
    private readonly CancellationTokenSource _stopFollowing = new();
    private Thread? _following;
    private LogFileFollower? _followerToDispose;

    [Fact]
    public void AlarmAndTableFromSyslogWrittenBySshdAndFollowedLive()
    {
        DateTimeOffset started = DateTimeOffset.Now;
        bool hostHadDevLog = Path.Exists("/dev/log");
        _port = LoopbackPort.Free();
        Run.Checked("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(_dir, "host"));
        _account = new TempUser("vps", Path.Combine(_dir, "home"));
        File.WriteAllText(Path.Combine(_dir, "sshd_config"), $"""
            Port {_port}
            ListenAddress 127.0.0.1
            HostKey {_dir}/host
            PidFile {_dir}/sshd.pid
            UsePAM no
            PasswordAuthentication yes
            PubkeyAuthentication no
            LogLevel VERBOSE
            SyslogFacility AUTH
            AllowUsers {User}
            """);

        string log = Path.Combine(_dir, "auth.log");
        _receiver = new SyslogReceiver(Path.Combine(_dir, "devlog"), log, "vpstest");
        var followed = new List<LogLine>();
        var follower = new LogFileFollower(log, "auth.log", FollowStart.Beginning); // disposed after its thread, in Dispose
        _followerToDispose = follower;
        var following = new Thread(() => follower.Follow(lines => { lock (followed) followed.AddRange(lines); }, TimeSpan.FromMilliseconds(100), _stopFollowing.Token));
        following.Start();
        _following = following;

        int ns = StartMountNamespace();
        var devUpper = Directory.CreateDirectory(Path.Combine(_dir, "dev-upper")).FullName;
        var devWork = Directory.CreateDirectory(Path.Combine(_dir, "dev-work")).FullName;
        File.WriteAllBytes(Path.Combine(devUpper, "log"), []); // the mount point for the socket, only in the overlay
        Run.Checked("/usr/bin/nsenter", "-t", Pid(ns), "-m", "/usr/bin/mount", "-t", "overlay", "overlay", "-o", $"lowerdir=/dev,upperdir={devUpper},workdir={devWork}", "/dev");
        Run.Checked("/usr/bin/nsenter", "-t", Pid(ns), "-m", "/usr/bin/mount", "--bind", _receiver.SocketPath, "/dev/log");
        Assert.Equal(hostHadDevLog, Path.Exists("/dev/log")); // the bind is only in sshd's namespace
        Start("/usr/bin/nsenter", "-t", Pid(ns), "-m", "/usr/sbin/sshd", "-D", "-f", Path.Combine(_dir, "sshd_config"));
        WaitFor(() => File.ReadAllText(log).Contains("Server listening on 127.0.0.1 port " + _port.ToString(CultureInfo.InvariantCulture)));

        Ssh("127.0.0.2", User, "wrong1");
        Ssh("127.0.0.2", User, "wrong2");
        Ssh("127.0.0.2", User, "wrong3");
        string invalid = "nosuch" + User[3..];
        Ssh("127.0.0.3", invalid, "x");
        Ssh("127.0.0.3", "x from 10.9.9.9 port 1", "x");
        WaitFor(() => File.ReadAllText(log).Split("Failed password").Length - 1 >= 5);
        // The follower has these lines before the login happens: it follows the file while sshd writes it
        WaitFor(() => { lock (followed) return followed.Count(l => l.Text.Contains("Failed password for " + User)) == 3; });
        Thread.Sleep(3500); // a real gap of at least 3 s between the last failure and the accept, for the window
        Assert.Equal(0, Ssh("127.0.0.2", User, Password));
        // the session's last line: after it sshd writes nothing more, so the file and the follower can be compared
        WaitFor(() => File.ReadAllText(log).Contains("Disconnected from user " + User));
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
        Assert.Contains(events, e => e.Kind == AuthEventKind.InvalidUser && e.User == "x from 10.9.9.9 port 1" && e.Ip?.ToString() == "127.0.0.3");
        Assert.Equal(2, events.Count(e => e.Kind == AuthEventKind.Failed && e.InvalidUser && e.Ip?.ToString() == "127.0.0.3"));
        Assert.DoesNotContain(events, e => e.Ip?.ToString() == "10.9.9.9");
        AuthEvent accept = Assert.Single(events, e => e.Kind == AuthEventKind.Accepted);
        Assert.Equal(("127.0.0.2", User, "password"), (accept.Ip?.ToString(), accept.User, accept.Method));

        var analysis = Analyse(read.Events, TimeSpan.FromHours(24));
        var table = analysis.ByIp.Values.ToDictionary(s => s.Address.ToString());
        Assert.Equal((3, 1, true), (table["127.0.0.2"].Failures, table["127.0.0.2"].Accepted, table["127.0.0.2"].Compromised));
        Assert.Equal((2, 0, false), (table["127.0.0.3"].Failures, table["127.0.0.3"].Accepted, table["127.0.0.3"].Compromised));
        Assert.Equal(new[] { invalid, "x from 10.9.9.9 port 1" }.Order(StringComparer.Ordinal), table["127.0.0.3"].Users.Order(StringComparer.Ordinal));
        // first/last seen span every line of the source ("Connection from" comes before the first failure)
        var fromTwo = events.Where(e => e.Ip?.ToString() == "127.0.0.2").ToList();
        Assert.Equal((fromTwo.Min(e => e.Time), fromTwo.Max(e => e.Time)), (table["127.0.0.2"].FirstSeen, table["127.0.0.2"].LastSeen));
        Assert.True(table["127.0.0.2"].FirstSeen <= failed[0].Time && table["127.0.0.2"].LastSeen >= accept.Time);
        var alarm = Assert.Single(analysis.Alarms);
        Assert.Equal(("127.0.0.2", false, User, "password", 3), (alarm.Source.ToString(), alarm.ByNetwork64, alarm.User, alarm.Method, alarm.FailureCount));
        Assert.Equal(failed.Select(e => e.Line), alarm.Failures.Select(e => e.Line));
        Assert.Same(accept, alarm.Accept);

        // The window is measured on the log's own stamps: failures before accept − window do not count
        TimeSpan gap = accept.Time!.Value - failed[^1].Time!.Value;
        Assert.True(gap >= TimeSpan.FromSeconds(3), $"gap {gap}");
        var tooShort = Analyse(read.Events, gap - TimeSpan.FromSeconds(1));
        Assert.Empty(tooShort.Alarms);
        Assert.False(tooShort.ByIp.Values.Single(s => s.Address.ToString() == "127.0.0.2").Compromised);
        var justTheLast = Analyse(read.Events, gap);
        Assert.Equal(failed.Where(e => e.Time >= accept.Time - gap).Select(e => e.Line), Assert.Single(justTheLast.Alarms).Failures.Select(e => e.Line));
        Assert.Contains(failed[^1].Line, Assert.Single(justTheLast.Alarms).Failures.Select(e => e.Line));

        // Live: the follower delivered exactly the file's lines, in order, and they parse to the same events
        WaitFor(() => { lock (followed) return followed.Count == File.ReadAllLines(log).Length; });
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

    /// <summary>A process holding a private mount namespace for sshd; returns its PID once it has unshared.</summary>
    private int StartMountNamespace()
    {
        Process holder = Start("/usr/bin/unshare", "--mount", "--propagation", "private", "/usr/bin/sleep", "600");
        string ours = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
        WaitFor(() => new FileInfo($"/proc/{holder.Id}/ns/mnt").LinkTarget is string theirs && theirs != ours
            && File.ReadAllText($"/proc/{holder.Id}/comm").Trim() == "sleep");
        return holder.Id;
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    private int Ssh(string source, string user, string password)
    {
        return Run.ExitCode("/usr/bin/sshpass", "-p", password, "/usr/bin/ssh", "-b", source, "-p", _port.ToString(CultureInfo.InvariantCulture),
            "-o", "BatchMode=no", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
            "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=5", "-l", user, "127.0.0.1", "true");
    }


    private static void WaitFor(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("the expected log lines did not arrive");
            Thread.Sleep(100);
        }
    }

    private Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p = Process.Start(psi)!;
        _processes.Add(p);
        return p;
    }

    public void Dispose()
    {
        _stopFollowing.Cancel();
        _following?.Join(5000);
        _stopFollowing.Dispose();
        _followerToDispose?.Dispose();
        // sshd first (it is the nsenter process, exec'd), then the namespace holder: the mounts go with the namespace
        for (int i = _processes.Count - 1; i >= 0; i--)
        {
            Process p = _processes[i];
            if (!p.HasExited) { p.Kill(); p.WaitForExit(5000); }
            p.Dispose();
        }
        _receiver?.Dispose();
        _account?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
