using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Actions;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Actions;

public sealed class ProcessKillerTests : IDisposable
{
    private readonly Children _children = new();
    private readonly ProcessReader _reader = new(SystemRoot.Live);
    private readonly ProcessKiller _killer;
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-kill-").FullName;

    public ProcessKillerTests() => _killer = new ProcessKiller(_reader);

    public void Dispose()
    {
        _children.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(KillSignal.Term)]
    [InlineData(KillSignal.Kill)]
    public void SignalsAChildWhichReallyExits(KillSignal signal)
    {
        Process child = _children.Sleep(60);
        KillPlan plan = _killer.Plan(_reader.TryRead(child.Id)!, signal);
        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Empty(plan.Warnings);

        KillResult result = _killer.Apply(plan);
        Assert.Equal(KillOutcome.Signalled, result.Outcome);
        Assert.True(child.WaitForExit(5000));
        Assert.Equal(128 + (int)signal, child.ExitCode);
    }

    [Fact]
    public void RefusesInit()
    {
        KillPlan plan = _killer.Plan(_reader.TryRead(1)!, KillSignal.Kill);
        Assert.False(plan.Allowed);
        Assert.Contains("PID 1", plan.Refusal);
        Assert.Equal(KillOutcome.Refused, _killer.Apply(plan).Outcome);
    }

    [Fact]
    public void RefusesKthreaddAndItsChildren()
    {
        Assert.Contains("kernel thread", _killer.Plan(_reader.TryRead(2)!, KillSignal.Kill).Refusal);
        int kthread = FirstChildOfKthreadd();
        Assert.Contains("kernel thread", _killer.Plan(_reader.TryRead(kthread)!, KillSignal.Kill).Refusal);
    }

    [Fact]
    public void RefusesAnyProcessFlaggedAsKernelThread()
    {
        ProcessIdentity fake = _reader.TryRead(Environment.ProcessId)! with { Pid = 999_999, IsKernelThread = true };
        Assert.Contains("kernel thread", _killer.Plan(fake, KillSignal.Term).Refusal);
    }

    [Fact]
    public void RefusesItself()
    {
        KillPlan plan = _killer.Plan(_reader.TryRead(Environment.ProcessId)!, KillSignal.Term);
        Assert.Contains("VpsTop itself", plan.Refusal);
    }

    [Fact]
    public void RefusesAProcessThatHasExited()
    {
        Process child = _children.Sleep(60);
        ProcessIdentity target = _reader.TryRead(child.Id)!;
        child.Kill();
        child.WaitForExit();
        KillPlan plan = _killer.Plan(target, KillSignal.Term);
        Assert.False(plan.Allowed);
    }

    [Fact]
    public void RefusesAStaleStartTime()
    {
        Process child = _children.Sleep(60);
        ProcessIdentity stale = _reader.TryRead(child.Id)! with { StartTimeTicks = 1 };
        KillPlan plan = _killer.Plan(stale, KillSignal.Term);
        Assert.Contains("another process", plan.Refusal);
        Assert.False(child.HasExited);
    }

    [Fact]
    public void ApplyOnAProcessThatExitedAfterPlanningIsAlreadyGone()
    {
        Process child = _children.Sleep(60);
        KillPlan plan = _killer.Plan(_reader.TryRead(child.Id)!, KillSignal.Term);
        child.Kill();
        child.WaitForExit();
        Assert.Equal(KillOutcome.AlreadyGone, _killer.Apply(plan).Outcome);
    }

    [Fact]
    public void WarnsBeforeKillingSomethingNamedSshd()
    {
        string sshd = Path.Combine(_dir, "sshd");
        ExecutableCopy.Make("/bin/sleep", sshd);
        Process child = _children.Start(sshd, "60");
        KillPlan plan = _killer.Plan(_reader.TryRead(child.Id)!, KillSignal.Term);
        Assert.True(plan.Allowed);
        Assert.Contains(plan.Warnings, w => w.Contains("SSH session", StringComparison.Ordinal));
    }

    [Fact]
    public void WarnsBeforeKillingAnAncestorOfItself()
    {
        ProcessIdentity parent = _reader.TryRead(_reader.TryRead(Environment.ProcessId)!.ParentPid)!;
        KillPlan plan = _killer.Plan(parent, KillSignal.Term);
        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Contains(plan.Warnings, w => w.Contains("ancestor", StringComparison.Ordinal));
        // Never applied: it is the test runner.
    }

    [Fact]
    public void CapturedSystemIsNeverSignalled()
    {
        using FixtureTree tree = FixtureTree.Materialize("proc-broken");
        var reader = new ProcessReader(tree.Root);
        var killer = new ProcessKiller(reader, selfPid: 999_998);
        KillPlan plan = killer.Plan(reader.TryRead(520)!, KillSignal.Term);
        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Contains(plan.Warnings, w => w.Contains("sshd", StringComparison.Ordinal));
        Assert.Equal(KillOutcome.Failed, killer.Apply(plan).Outcome);
    }

    [Fact]
    public void HasExitedIsFalseWhileTheProcessRunsAndTrueOnceItIsReaped()
    {
        Process child = _children.Sleep(60);
        ProcessIdentity target = _reader.TryRead(child.Id)!;
        Assert.False(_killer.HasExited(target));
        child.Kill();
        child.WaitForExit();
        Assert.True(_killer.HasExited(target));
    }

    [Fact]
    public void AZombieHasExitedThoughItsProcEntryRemains()
    {
        // The shell starts sleep 60 in the background, then becomes sleep 600, which never reaps it.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = "/" };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("sleep 60 & echo $!; exec sleep 600");
        Process parent = _children.Start(psi);
        int pid = int.Parse(parent.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        ProcessIdentity target = _reader.TryRead(pid)!;
        Assert.Equal(KillOutcome.Signalled, _killer.Apply(_killer.Plan(target, KillSignal.Kill)).Outcome);
        Poll.Until(() => State(pid), state => state == 'Z', $"PID {pid} to become a zombie", TimeSpan.FromSeconds(10),
            state => $"state {state}");
        Assert.True(_killer.HasExited(target));
    }

    [Fact]
    public void AProcessIgnoringSigtermHasNotExitedAfterIt()
    {
        // An ignored signal is discarded when it is sent, so right after the send it can only still be running.
        Process child = _children.StartNoWait("/bin/sh", "-c", "trap '' TERM; exec sleep 60");
        Poll.Until(() => _reader.TryRead(child.Id)?.Comm, comm => comm == "sleep", "the shell to exec sleep", TimeSpan.FromSeconds(10),
            comm => $"comm '{comm}'");
        ProcessIdentity target = _reader.TryRead(child.Id)!;
        Assert.Equal(KillOutcome.Signalled, _killer.Apply(_killer.Plan(target, KillSignal.Term)).Outcome);
        Assert.False(_killer.HasExited(target));
        Assert.False(child.HasExited);
        Assert.Equal(KillOutcome.Signalled, _killer.Apply(_killer.Plan(target, KillSignal.Kill)).Outcome);
        Assert.True(child.WaitForExit(5000));
        Assert.True(_killer.HasExited(target));
    }

    [Fact]
    public void AnotherProcessUnderTheSamePidMeansOursHasExited()
    {
        Process child = _children.Sleep(60);
        ProcessIdentity earlier = _reader.TryRead(child.Id)! with { StartTimeTicks = 1 };
        Assert.True(_killer.HasExited(earlier));
        Assert.False(child.HasExited);
    }

    private static char State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }

    private static int FirstChildOfKthreadd()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 2) continue;
            ProcessIdentity? p = new ProcessReader(SystemRoot.Live).TryRead(pid);
            if (p is { ParentPid: 2 }) return pid;
        }
        throw new InvalidOperationException("no kernel thread found");
    }
}
