using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Suspicion;
using VpsTop.Core.Tests.Support;
using Xunit.Abstractions;

namespace VpsTop.Core.Tests.Suspicion;

// Alone: the capture tests of this assembly open libpcap packet sockets without close-on-exec, so children
// started meanwhile really inherit one and would rightly be reported as holding it.
[CollectionDefinition(nameof(SuspicionAnalyzerLiveTests), DisableParallelization = true)]
public sealed class SuspicionLiveCollection;

/// <summary>
/// Real suspicious processes (a copy in /tmp, a deleted copy, a memfd program, a fake kworker, a packet
/// sniffer, a shell on a TCP socket) and real package-owned ones, judged through live /proc and this
/// machine's dpkg database.
/// </summary>
[Collection(nameof(SuspicionAnalyzerLiveTests))]
public sealed class SuspicionAnalyzerLiveTests(ITestOutputHelper output) : IDisposable
{
    private const string Python = "/usr/bin/python3"; // the packaged one, not a pyenv shim from PATH

    // Loading the real database takes a few hundred ms: once for the class, it is thread-safe.
    private static readonly Lazy<PackageDatabase> LiveDb = new(() => new PackageDatabase(SystemRoot.Live));

    private readonly Children _children = new();
    private readonly ProcessReader _reader = new(SystemRoot.Live);
    private readonly List<string> _cleanup = [];

    public void Dispose()
    {
        _children.Dispose();
        foreach (string dir in _cleanup)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private SuspicionAnalyzer Analyzer() => new(SystemRoot.Live, LiveDb.Value);

    private string TempDir(string parent)
    {
        string dir = Path.Combine(parent, "vpstop-suspicion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        _cleanup.Add(dir);
        return dir;
    }

    private ProcessIdentity WaitFor(int pid, Func<ProcessIdentity, bool> ready, string what) =>
        Poll.Until(() => _reader.TryRead(pid), p => p is not null && ready(p), $"process {pid} to become {what}", TimeSpan.FromSeconds(10),
            p => p is null ? "no such process" : $"comm '{p.Comm}', exe '{p.Exe}'")!;

    private static string[] Codes(IEnumerable<SuspicionReason> reasons) => [.. reasons.Select(r => r.Code).Order()];

    [Fact]
    public void BinaryCopiedIntoTmpIsInATempDirAndNotPackaged()
    {
        string exe = Path.Combine(TempDir("/tmp"), "sleep");
        ExecutableCopy.Make("/usr/bin/sleep", exe);
        Process child = _children.Start(exe, "60");

        IReadOnlyList<SuspicionReason> reasons = Analyzer().Assess(_reader.TryRead(child.Id)!);

        Assert.Equal(["exe-in-temp-dir", "not-package-owned"], Codes(reasons));
        Assert.Equal(SuspicionSeverity.High, reasons[0].Severity); // most severe first
        Assert.Equal(exe, reasons[0].Evidence);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void ProcessInAnotherMountNamespaceIsNotJudgedByThisSystemsPackages()
    {
        // A container's /usr/bin/x is the container's file: the host's dpkg database says nothing about it.
        string exe = Path.Combine(TempDir("/tmp"), "sleep");
        ExecutableCopy.Make("/usr/bin/sleep", exe);
        Process child = _children.StartNoWait("/usr/bin/unshare", "--mount", exe, "60");
        ProcessIdentity p = WaitFor(child.Id, x => x.Comm == "sleep", "sleep in its own mount namespace");

        SuspicionAnalyzer analyzer = Analyzer();
        Assert.Equal(["exe-in-temp-dir"], Codes(analyzer.Assess(p)));
        ProcessEvidence e = analyzer.Collect(p);
        Assert.False(e.InHostMountNamespace);
        Assert.Equal(PackageOwnership.Unknown, e.ExeOwnership);
        Assert.Contains("another mount namespace", e.OwnershipUnknownReason);
    }

    [Fact]
    public void CopyDeletedAfterStartIsHigh()
    {
        string exe = Path.Combine(TempDir("/tmp"), "sleep");
        ExecutableCopy.Make("/usr/bin/sleep", exe);
        Process child = _children.Start(exe, "60");
        File.Delete(exe);

        IReadOnlyList<SuspicionReason> reasons = Analyzer().Assess(WaitFor(child.Id, p => p.ExeDeleted, "deleted"));

        SuspicionReason deleted = reasons.Single(r => r.Code == "exe-deleted");
        Assert.Equal((SuspicionSeverity.High, exe + " (deleted)"), (deleted.Severity, deleted.Evidence));
        Assert.Contains(reasons, r => r.Code == "exe-in-temp-dir");
    }

    [Fact]
    public void AFileDeletedAfterTheProcessWasFirstReadIsJudgedAgain()
    {
        // The owner scan read the process before its file went and has no reason to read it again (no new
        // connection): the analyzer asks the kernel itself, so the dropper is not left looking clean.
        string exe = Path.Combine(TempDir("/tmp"), "sleep");
        ExecutableCopy.Make("/usr/bin/sleep", exe);
        Process child = _children.Start(exe, "60");
        ProcessIdentity before = WaitFor(child.Id, p => !p.ExeDeleted && p.Comm == "sleep", "running from its file");
        SuspicionAnalyzer analyzer = Analyzer();
        Assert.DoesNotContain("exe-deleted", Codes(analyzer.Assess(before)));

        File.Delete(exe);

        Assert.Contains("exe-deleted", Codes(analyzer.Assess(before)));
    }

    /// <summary>
    /// What apt does to a running daemon: dpkg renames the new file over the old one, so the process's exe
    /// reads "(deleted)" while a file sits at the same path. The process, the replacement and the deleted
    /// link are real; only the package database is a hand-written one whose .list names this run's path,
    /// because no installed package can be made to own a fresh temp path without installing a package.
    /// </summary>
    [Fact]
    [Trait("Category", "Root")]
    public void PackageFileReplacedWhileRunningIsLowRestartPending()
    {
        string dir = TempDir("/var/cache");
        string exe = Path.Combine(dir, "sleep");
        ExecutableCopy.Make("/usr/bin/sleep", exe);
        Process child = _children.Start(exe, "60");
        ExecutableCopy.Make("/usr/bin/sleep", exe + ".dpkg-new");
        File.Move(exe + ".dpkg-new", exe, overwrite: true);
        ProcessIdentity p = WaitFor(child.Id, x => x.ExeDeleted, "deleted");

        string dbRoot = TempDir(Path.GetTempPath());
        Directory.CreateDirectory(Path.Combine(dbRoot, "var/lib/dpkg/info"));
        File.WriteAllText(Path.Combine(dbRoot, "var/lib/dpkg/info/vpstop-upgrade-test.list"), $"/.\n/var\n/var/cache\n{dir}\n{exe}\n");
        var upgraded = new SuspicionAnalyzer(SystemRoot.Live, new PackageDatabase(new SystemRoot(dbRoot)));

        SuspicionReason r = Assert.Single(upgraded.Assess(p));
        Assert.Equal(("exe-replaced", SuspicionSeverity.Low, exe + " (deleted)"), (r.Code, r.Severity, r.Evidence));
        Assert.Contains("restart pending", r.Text);

        // The same process judged against the real database, where no package owns that path: an alarm.
        Assert.Equal(["exe-deleted", "not-package-owned"], Codes(Analyzer().Assess(p)));
    }

    [Fact]
    public void MemfdProgramIsHigh()
    {
        const string script =
            "import os\n" +
            "fd = os.memfd_create('payload', 0)\n" +
            "os.write(fd, open('/usr/bin/sleep', 'rb').read())\n" +
            "os.execv(f'/proc/self/fd/{fd}', ['payload', '60'])\n";
        Process child = _children.StartNoWait(Python, "-c", script);
        ProcessIdentity p = WaitFor(child.Id, x => x.Exe?.StartsWith("/memfd:", StringComparison.Ordinal) == true, "a memfd program");

        SuspicionReason r = Assert.Single(Analyzer().Assess(p));
        Assert.Equal(("exe-memfd", SuspicionSeverity.High, "/memfd:payload (deleted)"), (r.Code, r.Severity, r.Evidence));
    }

    [Fact]
    public void ProgramNamedLikeAKernelWorkerIsHigh()
    {
        const string name = "[kworker/0:1]";
        // argv[0] from bash's exec -a, comm from prctl(PR_SET_NAME) in the process itself, as malware does.
        Process child = _children.StartNoWait("/bin/bash", "-c", "exec -a \"$1\" /usr/bin/python3 -c \"$2\"", "_", name,
            "import ctypes, time; ctypes.CDLL(None).prctl(15, b'" + name + "', 0, 0, 0); time.sleep(60)");
        ProcessIdentity p = WaitFor(child.Id, x => x.Comm == name, "renamed");

        SuspicionReason r = Analyzer().Assess(p).Single(x => x.Code == "kernel-thread-masquerade");
        Assert.Equal(SuspicionSeverity.High, r.Severity);
        Assert.Contains(name, r.Evidence);
        Assert.Contains("/usr/bin/python3", r.Evidence);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void ProcessHoldingAPacketSocketIsHigh()
    {
        Process child = _children.StartNoWait(Python, "-c",
            "import socket, time\ns = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))\ntime.sleep(60)");
        var scanner = new SocketOwnerScanner(SystemRoot.Live, _reader);
        SuspicionAnalyzer analyzer = Analyzer();
        IReadOnlyList<SuspicionReason> reasons = Poll.Until(() =>
        {
            analyzer.RefreshSockets(scanner.Scan(), []);
            return _reader.TryRead(child.Id) is { } p ? analyzer.Assess(p) : [];
        }, found => found.Any(x => x.Code == "capture-socket"), "the sniffer's capture-socket reason", TimeSpan.FromSeconds(10),
            found => $"reasons [{string.Join(", ", Codes(found))}]");
        SuspicionReason r = reasons.First(x => x.Code == "capture-socket");
        Assert.Equal(SuspicionSeverity.High, r.Severity);
        Assert.Contains("packet socket (raw, protocol 0x0003, all interfaces)", r.Evidence);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void PackagedTcpdumpHoldingAPacketSocketHasNoReason()
    {
        Process child = _children.Start("/usr/bin/tcpdump", "-i", "lo", "-n", "-w", "/dev/null");
        var scanner = new SocketOwnerScanner(SystemRoot.Live, _reader);
        bool HoldsPacketSocket()
        {
            SocketOwnerScan scan = scanner.Scan();
            return PacketSocketTable.Read(SystemRoot.Live).Keys.Any(inode =>
                scan.PidsByInode.TryGetValue(inode, out int[]? pids) && pids.Contains(child.Id));
        }
        // Wait until tcpdump really holds its capture socket, so the empty answer below means "allowed".
        Poll.Until(() => HoldsPacketSocket() || child.HasExited, "tcpdump to open a packet socket", () => "no packet socket of its own yet",
            TimeSpan.FromSeconds(10));
        Assert.False(child.HasExited, "tcpdump exited");

        SuspicionAnalyzer analyzer = Analyzer();
        analyzer.RefreshSockets(scanner.Scan(), []);
        Assert.Empty(analyzer.Assess(_reader.TryRead(child.Id)!));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void VpsTopsOwnPacketSocketIsNotHeldAgainstIt()
    {
        // VpsTop captures traffic through a packet socket itself; this test process stands in for it.
        using var own = new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Raw);
        var scanner = new SocketOwnerScanner(SystemRoot.Live, _reader);
        SocketOwnerScan scan = scanner.Scan();
        Assert.Contains(PacketSocketTable.Read(SystemRoot.Live).Keys,
            inode => scan.PidsByInode.TryGetValue(inode, out int[]? pids) && pids.Contains(Environment.ProcessId));

        SuspicionAnalyzer analyzer = Analyzer();
        analyzer.RefreshSockets(scan, []);
        Assert.DoesNotContain(analyzer.Assess(_reader.TryRead(Environment.ProcessId)!), x => x.Code == "capture-socket");
    }

    [Fact]
    public void ShellWithStdinOnATcpConnectionIsHigh()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Process child = _children.StartNoWait("/bin/bash", "-c",
            $"exec 0<>/dev/tcp/127.0.0.1/{port.ToString(CultureInfo.InvariantCulture)}; read -t 60 line");
        using TcpClient accepted = listener.AcceptTcpClient();
        ProcessIdentity p = WaitFor(child.Id,
            _ => new FileInfo($"/proc/{child.Id}/fd/0").LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true, "connected");

        SuspicionAnalyzer analyzer = Analyzer();
        var sockets = new List<SocketEntry>();
        new ProcNetSocketSource(SystemRoot.Live).Read(sockets);
        analyzer.RefreshSockets(new SocketOwnerScanner(SystemRoot.Live, _reader).Scan(), sockets);

        SuspicionReason r = Assert.Single(analyzer.Assess(p));
        Assert.Equal(("stdio-network-socket", SuspicionSeverity.High), (r.Code, r.Severity));
        Assert.StartsWith("fd 0 = socket:[", r.Evidence);
    }

    [Fact]
    public void ShellThatConnectsStdinAfterItWasFirstAssessedIsCaughtOnTheNextRefresh()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string fifo = Path.Combine(TempDir(Path.GetTempPath()), "go");
        Run.Checked("/usr/bin/mkfifo", fifo);
        // The shell keeps a TCP socket open on fd 5 from the start, and moves it onto stdin only when told.
        Process child = _children.StartNoWait("/bin/bash", "-c",
            $"exec 5<>/dev/tcp/127.0.0.1/{port.ToString(CultureInfo.InvariantCulture)}; read go < \"$1\"; exec 0<&5; read -t 60 line", "_",
                fifo);
        using TcpClient accepted = listener.AcceptTcpClient();
        ProcessIdentity p = WaitFor(child.Id, _ => new FileInfo($"/proc/{child.Id}/fd/5").LinkTarget?.StartsWith("socket:",
            StringComparison.Ordinal) == true, "connected");

        SuspicionAnalyzer analyzer = Analyzer();
        var scanner = new SocketOwnerScanner(SystemRoot.Live, _reader);
        var source = new ProcNetSocketSource(SystemRoot.Live);
        var sockets = new List<SocketEntry>();
        void Refresh()
        {
            source.Read(sockets);
            analyzer.RefreshSockets(scanner.Scan(), sockets);
        }
        Refresh();
        Assert.Empty(analyzer.Assess(p)); // an ordinary bash holding a connection

        File.WriteAllText(fifo, "go\n");
        WaitFor(child.Id, _ => new FileInfo($"/proc/{child.Id}/fd/0").LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true,
            "redirected");
        Refresh();
        Assert.Equal("stdio-network-socket", Assert.Single(analyzer.Assess(p)).Code);
    }

    [Fact]
    public void PackagedSleepHasNoReason()
    {
        Process child = _children.Start("/usr/bin/sleep", "60");
        Assert.Empty(Analyzer().Assess(_reader.TryRead(child.Id)!));
    }

    [Fact]
    public void RealSshdOnASparePortHasNoReason()
    {
        // Listening (the harness waits for its "Server listening") proves it really started and is not a failed exec.
        using var sshd = new RealSshd();
        ProcessIdentity p = _reader.TryRead(sshd.Daemon.Id)!;
        Assert.Equal("/usr/sbin/sshd", p.Exe);
        Assert.Empty(Analyzer().Assess(p));
    }

    [Fact]
    public void RealKernelThreadHasNoReason()
    {
        ProcessIdentity kthreadd = _reader.TryRead(2)!;
        Assert.True(kthreadd.IsKernelThread);
        Assert.Empty(Analyzer().Assess(kthreadd));
    }

    [Fact]
    public void WarmAssessmentIsServedFromTheCache()
    {
        Process child = _children.Start("/usr/bin/sleep", "60");
        ProcessIdentity sleep = _reader.TryRead(child.Id)!;
        _ = LiveDb.Value.Lookup("/usr/bin/sleep"); // load outside the timings
        ProcessIdentity[] all = [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? _reader.TryRead(pid) : null)
            .OfType<ProcessIdentity>()];

        SuspicionAnalyzer analyzer = Analyzer();
        var clock = Stopwatch.StartNew();
        foreach (ProcessIdentity p in all) analyzer.Assess(p);
        double coldMicros = clock.Elapsed.TotalMicroseconds / all.Length;

        const int rounds = 200;
        clock.Restart();
        for (int i = 0; i < rounds; i++)
            foreach (ProcessIdentity p in all) analyzer.Assess(p);
        double warmMicros = clock.Elapsed.TotalMicroseconds / (rounds * all.Length);
        output.WriteLine($"{all.Length} processes: cold {coldMicros:F1} µs/process, warm {warmMicros:F3} µs/process");

        Assert.Same(analyzer.Assess(sleep), analyzer.Assess(sleep));
        // The same PID with another start time is another process (PID reuse): assessed afresh.
        Assert.NotSame(analyzer.Assess(sleep), analyzer.Assess(sleep with { StartTimeTicks = sleep.StartTimeTicks + 1 }));
        Assert.True(warmMicros < coldMicros, $"warm {warmMicros} µs is not cheaper than cold {coldMicros} µs");
    }
}
