using VpsTop.Core.Processes;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Processes;

/// <summary>Files captured from this machine's /proc (PID 1, kthreadd, processes named "a) b (c" and "x\ny) z").</summary>
public sealed class ProcessReaderFixtureTests : IDisposable
{
    private const long BootTime = 1795889493; // btime in the captured /proc/stat

    private readonly FixtureTree _tree = FixtureTree.Materialize("proc-tree");
    private readonly ProcessReader _reader;

    public ProcessReaderFixtureTests() => _reader = new ProcessReader(_tree.Root);

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void ReadsInit()
    {
        ProcessIdentity p = _reader.TryRead(1)!;
        Assert.Equal("process_api", p.Comm);
        Assert.Equal(0, p.ParentPid);
        Assert.Equal(0U, p.Uid);
        Assert.Equal("root", p.User);
        Assert.Equal("/process_api", p.Cmdline[0]);
        Assert.Contains("--firecracker-init", p.Cmdline);
        Assert.False(p.IsKernelThread);
        Assert.Null(p.Exe); // the captured tree has no exe link for it: it was unreadable here
    }

    [Fact]
    public void ReadsKernelThread()
    {
        ProcessIdentity p = _reader.TryRead(2)!;
        Assert.Equal("kthreadd", p.Comm);
        Assert.True(p.IsKernelThread);
        Assert.Null(p.Exe);
        Assert.Equal("kernel thread", p.ExeError);
        Assert.Empty(p.Cmdline);
    }

    [Fact]
    public void ReadsCommWithParensAndSpaces()
    {
        ProcessIdentity p = _reader.TryRead(30022)!;
        Assert.Equal("a) b (c", p.Comm);
        Assert.Equal("a) b (c", p.ProgramName);
        Assert.Equal(30016, p.ParentPid);
        Assert.Equal("/tmp/tmp.DacOBMNsiv/a) b (c", p.Exe);
        Assert.False(p.ExeDeleted);
        Assert.Equal(["./a) b (c", "300"], p.Cmdline);
        Assert.Equal(208483UL, p.StartTimeTicks);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(BootTime).AddTicks(208483 * TimeSpan.TicksPerSecond / 100), p.StartTime);
    }

    [Fact]
    public void ReadsCommWithNewline()
    {
        ProcessIdentity p = _reader.TryRead(30023)!;
        Assert.Equal("x\ny) z", p.Comm);
        Assert.Equal("/tmp/tmp.DacOBMNsiv/x\ny) z", p.Exe);
    }

    [Fact]
    public void DetailsHaveCwdCgroupAndAncestorsThatEndAtAVanishedParent()
    {
        ProcessDetails d = _reader.TryReadDetails(30022)!;
        Assert.Equal("/tmp/tmp.DacOBMNsiv", d.Cwd);
        Assert.Null(d.CwdError);
        Assert.Empty(d.Ancestors); // parent 30016 was not captured
        Assert.NotNull(d.CgroupPath);
    }

    [Fact]
    public void KernelThreadDetailsExplainMissingCwd()
    {
        ProcessDetails d = _reader.TryReadDetails(2)!;
        Assert.Null(d.Cwd);
        Assert.Equal("kernel thread", d.CwdError);
    }

    [Fact]
    public void MissingProcessIsNull()
    {
        Assert.Null(_reader.TryRead(424242));
        Assert.Null(_reader.TryReadDetails(424242));
        Assert.Null(_reader.TryRead(0));
        Assert.Null(_reader.TryRead(-1));
    }
}

/// <summary>Hand-written broken and edge-case trees.</summary>
public sealed class ProcessReaderBrokenFixtureTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Materialize("proc-broken");
    private readonly ProcessReader _reader;

    public ProcessReaderBrokenFixtureTests() => _reader = new ProcessReader(_tree.Root);

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(500)] // truncated stat
    [InlineData(501)] // garbage
    [InlineData(502)] // no status file: exited mid-read
    [InlineData(503)] // ")(" order
    [InlineData(504)] // non-numeric start time
    [InlineData(505)] // stat names another PID
    [InlineData(506)] // status without Uid
    public void BrokenProcessIsNullNotAnException(int pid)
    {
        Assert.Null(_reader.TryRead(pid));
        Assert.Null(_reader.TryReadDetails(pid));
    }

    [Fact]
    public void UnknownUidIsShownAsNumber()
    {
        ProcessIdentity p = _reader.TryRead(507)!;
        Assert.Equal(4242U, p.Uid);
        Assert.Equal("4242", p.User);
    }

    [Fact]
    public void DeletedExeSuffixIsStripped()
    {
        ProcessIdentity p = _reader.TryRead(508)!;
        Assert.Equal("/tmp/evil_sleep", p.Exe);
        Assert.True(p.ExeDeleted);
    }

    [Fact]
    public void ParentLoopEnds()
    {
        ProcessDetails d = _reader.TryReadDetails(510)!;
        Assert.Equal([511], d.Ancestors.Select(a => a.Pid));
    }

    [Fact]
    public void AncestorsRunUpToThePresentParents()
    {
        ProcessDetails d = _reader.TryReadDetails(521)!;
        Assert.Equal("session-3.scope", d.SystemdUnit);
        Assert.Equal([520], d.Ancestors.Select(a => a.Pid)); // 520's parent (1) is not in this tree
    }

    [Theory]
    [InlineData(520, "ssh.service")]
    [InlineData(521, "session-3.scope")]
    [InlineData(522, "cron.service")]
    public void SystemdUnitFromCgroup(int pid, string unit)
    {
        Assert.Equal(unit, _reader.TryReadDetails(pid)!.SystemdUnit);
    }
}
