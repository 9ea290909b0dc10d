using VpsTop.Core.Suspicion;

namespace VpsTop.Core.Tests.Suspicion;

/// <summary>Each rule against hand-written evidence shaped like what /proc gives (see the research notes, section 8).</summary>
public sealed class SuspicionRulesTests
{
    private static ProcessEvidence Sshd => new()
    {
        Pid = 700, ParentPid = 1, Comm = "sshd", Argv0 = "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
        Exe = "/usr/sbin/sshd", ExeLink = "/usr/sbin/sshd", Cwd = "/", ExeOwnership = PackageOwnership.Owned,
    };

    private static string[] Codes(IEnumerable<SuspicionReason> reasons) => [.. reasons.Select(r => r.Code).Order()];

    [Fact]
    public void PackageOwnedDaemonHasNoReason() => Assert.Empty(SuspicionRules.ForProgram(Sshd));

    [Fact]
    public void DeletedExeIsHigh()
    {
        var e = Sshd with { Exe = "/usr/sbin/sshd", ExeLink = "/usr/sbin/sshd (deleted)", ExeDeleted = true, ExeReplacedOnDisk = false };
        SuspicionReason r = Assert.Single(SuspicionRules.ForProgram(e));
        Assert.Equal(("exe-deleted", SuspicionSeverity.High, "/usr/sbin/sshd (deleted)"), (r.Code, r.Severity, r.Evidence));
    }

    [Fact]
    public void ReplacedPackageFileIsLowRestartPending()
    {
        var e = Sshd with { ExeLink = "/usr/sbin/sshd (deleted)", ExeDeleted = true, ExeReplacedOnDisk = true };
        SuspicionReason r = Assert.Single(SuspicionRules.ForProgram(e));
        Assert.Equal(("exe-replaced", SuspicionSeverity.Low), (r.Code, r.Severity));
        Assert.Contains("restart pending", r.Text);
    }

    [Fact]
    public void ReplacedFileThatNoPackageOwnsIsStillHigh()
    {
        var e = Sshd with { ExeDeleted = true, ExeReplacedOnDisk = true, ExeOwnership = PackageOwnership.NotOwned };
        Assert.Equal(["exe-deleted", "not-package-owned"], Codes(SuspicionRules.ForProgram(e)));
    }

    [Fact]
    public void MemfdIsHighAndRuncIsAllowed()
    {
        var e = new ProcessEvidence
        {
            Pid = 9, ParentPid = 1, Comm = "memfd:payload", Argv0 = "payload", Exe = "/memfd:payload",
            ExeLink = "/memfd:payload (deleted)", ExeDeleted = true, ExeIsMemfd = true,
        };
        SuspicionReason r = Assert.Single(SuspicionRules.ForProgram(e));
        Assert.Equal(("exe-memfd", SuspicionSeverity.High, "/memfd:payload (deleted)"), (r.Code, r.Severity, r.Evidence));

        var runc = e with
        {
            Comm = "runc",
            Argv0 = "runc",
            Exe = "/memfd:runc_cloned:/proc/self/exe",
            ExeLink = "/memfd:runc_cloned:/proc/self/exe (deleted)"
        };
        Assert.Empty(SuspicionRules.ForProgram(runc));
    }

    [Theory]
    [InlineData("/tmp/x/sleep", "exe-in-temp-dir", SuspicionSeverity.High)]
    [InlineData("/dev/shm/.x", "exe-in-temp-dir", SuspicionSeverity.High)]
    [InlineData("/var/tmp/sleep", "exe-in-temp-dir", SuspicionSeverity.High)]
    [InlineData("/root/.cache/sleep", "exe-hidden-path", SuspicionSeverity.Medium)]
    public void ExeInTemporaryOrHiddenDir(string exe, string code, SuspicionSeverity severity)
    {
        var e = Sshd with { Comm = Path.GetFileName(exe), Argv0 = exe, Exe = exe, ExeLink = exe };
        SuspicionReason r = Assert.Single(SuspicionRules.ForProgram(e));
        Assert.Equal((code, severity, exe), (r.Code, r.Severity, r.Evidence));
    }

    [Fact]
    public void TmpxIsNotTmp() =>
        Assert.Empty(SuspicionRules.ForProgram(Sshd with { Comm = "sleep", Argv0 = "/tmpx/sleep", Exe = "/tmpx/sleep" }));

    [Fact]
    public void CwdInTmpIsMediumAndHiddenCwdLow()
    {
        Assert.Equal(SuspicionSeverity.Medium, Assert.Single(SuspicionRules.ForProgram(Sshd with { Cwd = "/tmp/build" })).Severity);
        Assert.Equal("cwd-hidden-path", Assert.Single(SuspicionRules.ForProgram(Sshd with { Cwd = "/root/.x" })).Code);
    }

    [Fact]
    public void KernelThreadNameOnAProgramIsHigh()
    {
        // As measured: a fake "[kworker/7:1-fake]" had an exe, ppid 1 and no PF_KTHREAD.
        var e = Sshd with { Comm = "kworker/7:1", Argv0 = "[kworker/7:1-fake]", Exe = "/usr/bin/python3.11" };
        SuspicionReason r = SuspicionRules.ForProgram(e).Single(x => x.Code == "kernel-thread-masquerade");
        Assert.Equal(SuspicionSeverity.High, r.Severity);
        Assert.Contains("kworker/7:1", r.Evidence);
    }

    [Fact]
    public void RealKernelThreadHasNoReason()
    {
        var kthread = new ProcessEvidence { Pid = 2, ParentPid = 0, Comm = "kthreadd", IsKernelThread = true };
        Assert.Empty(SuspicionRules.ForProgram(kthread));
    }

    [Theory]
    [InlineData("sleep", "/usr/bin/sleep", "/usr/bin/sleep", null)]                 // plain
    [InlineData("bash", "-bash", "/usr/bin/bash", null)]                           // login shell
    [InlineData("systemd-journal", "/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald", null)] // 15-byte comm
    [InlineData("myscript", "/usr/bin/python3", "/usr/bin/python3.11", null)]      // interpreter runs a script
    [InlineData("nginx", "nginx: worker process", "/usr/sbin/nginx", null)]        // daemon rewrote its argv
    [InlineData("init", "/sbin/init", "/usr/lib/systemd/systemd", "/lib/systemd/systemd")] // argv0 is a symlink to the exe
    [InlineData("sshd", "sshd", "/usr/local/bin/miner", null)]                     // named like sshd, is not
    public void NameMismatchIsLowAndNormalised(string comm, string argv0, string exe, string? argv0Target)
    {
        var e = new ProcessEvidence
        {
            Pid = 5, ParentPid = 1, Comm = comm, Argv0 = argv0, Argv0Target = argv0Target, Exe = exe, ExeLink = exe,
            ExeOwnership = PackageOwnership.Owned,
        };
        List<SuspicionReason> reasons = SuspicionRules.ForProgram(e);
        if (exe.EndsWith("miner"))
            Assert.Equal(SuspicionSeverity.Low, reasons.Single(r => r.Code == "name-mismatch").Severity);
        else
            Assert.Empty(reasons);
    }

    [Fact]
    public void OwnershipReasonsAndNeverWhenUnknown()
    {
        var e = Sshd with { Comm = "agent", Argv0 = "/usr/bin/agent", Exe = "/usr/bin/agent" };
        Assert.Equal(SuspicionSeverity.Medium, Assert.Single(SuspicionRules.ForProgram(e with
        {
            ExeOwnership =
            PackageOwnership.NotOwned
        })).Severity);
        Assert.Empty(SuspicionRules.ForProgram(e with { ExeOwnership = PackageOwnership.Unknown }));
        var byHand = Assert.Single(SuspicionRules.ForProgram(e with
        {
            Exe = "/usr/local/bin/agent",
            Argv0 = "/usr/local/bin/agent",
            ExeOwnership = PackageOwnership.OutsidePackageManager
        }));
        Assert.Equal(("installed-by-hand", SuspicionSeverity.Low), (byHand.Code, byHand.Severity));
    }

    [Fact]
    public void CaptureSocketIsHighUnlessAPackagedKnownTool()
    {
        CaptureSocket[] held = [new(48213, "packet socket (raw, protocol 0x0003, interface #1)")];
        var tcpdump = new ProcessEvidence
        {
            Pid = 8, ParentPid = 1, Comm = "tcpdump", Exe = "/usr/bin/tcpdump",
            ExeOwnership = PackageOwnership.Owned
        };
        Assert.Null(SuspicionRules.ForCaptureSockets(tcpdump, held));
        // The same name from a file no package installed is not trusted.
        SuspicionReason? fake = SuspicionRules.ForCaptureSockets(tcpdump with
        {
            Exe = "/usr/sbin/tcpdump",
            ExeOwnership = PackageOwnership.NotOwned
        }, held);
        Assert.Equal(SuspicionSeverity.High, fake!.Severity);
        Assert.Contains("protocol 0x0003", fake.Evidence);
        Assert.Equal(SuspicionSeverity.High, SuspicionRules.ForCaptureSockets(Sshd, held)!.Severity);
        Assert.Null(SuspicionRules.ForCaptureSockets(Sshd, []));
    }

    [Fact]
    public void NetworkSocketOnStdioIsHighForShellsMediumOtherwiseAndUnixSocketsDoNotCount()
    {
        var bash = new ProcessEvidence { Pid = 4, ParentPid = 1, Comm = "bash", Exe = "/usr/bin/bash", StdioSocketInodes = [777, 777, 0] };
        Assert.Equal(SuspicionSeverity.High, SuspicionRules.ForStdioSockets(bash, i => i == 777)!.Severity);
        Assert.Equal(SuspicionSeverity.Medium, SuspicionRules.ForStdioSockets(bash with { Exe = "/usr/bin/socat" },
            i => i == 777)!.Severity);
        // journald's stdout stream: a unix socket, not in the TCP/UDP tables.
        Assert.Null(SuspicionRules.ForStdioSockets(bash, _ => false));
    }
}
