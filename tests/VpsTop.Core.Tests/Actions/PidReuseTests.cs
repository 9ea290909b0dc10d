using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Actions;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Actions;

[CollectionDefinition(nameof(PidReuse), DisableParallelization = true)]
public sealed class PidReuse;

/// <summary>
/// Proves a kill planned for one process never reaches a newer process that got the same PID. Runs alone
/// because other tests spawning children would steal the PID being recycled.
/// </summary>
[Collection(nameof(PidReuse))]
[Trait("Category", "Root")]
public sealed class PidReuseTests : IDisposable
{
    private const string LastPid = "/proc/sys/kernel/ns_last_pid";

    private readonly Children _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public void OldPlanDoesNotSignalTheProcessThatReusedThePid()
    {
        var reader = new ProcessReader(SystemRoot.Live);
        var killer = new ProcessKiller(reader);

        Process old = _children.Sleep(60);
        ProcessIdentity oldIdentity = reader.TryRead(old.Id)!;
        KillPlan oldPlan = killer.Plan(oldIdentity, KillSignal.Kill);
        Assert.True(oldPlan.Allowed, oldPlan.Refusal);
        old.Kill();
        old.WaitForExit();
        // Start time has clock-tick (10 ms) resolution: a forced reuse within the same tick would be
        // indistinguishable, which real PID wrap-around cannot achieve. The next process starts a tick later.
        Poll.Until(TicksSinceBoot, now => now > (long)oldIdentity.StartTimeTicks + 1, "a clock tick after the old process's start");

        Process? reused = null;
        for (int attempt = 0; attempt < 50 && reused is null; attempt++)
        {
            // Needs root in the initial PID namespace; the next fork gets ns_last_pid + 1.
            File.WriteAllText(LastPid, (oldIdentity.Pid - 1).ToString(CultureInfo.InvariantCulture));
            Process candidate = _children.Sleep(60);
            if (candidate.Id == oldIdentity.Pid) reused = candidate;
            else candidate.Kill();
        }
        Assert.True(reused is not null, $"could not get PID {oldIdentity.Pid} reused after 50 attempts");

        ProcessIdentity now = reader.TryRead(reused!.Id)!;
        Assert.NotEqual(oldIdentity.StartTimeTicks, now.StartTimeTicks);

        KillResult result = killer.Apply(oldPlan);
        Assert.Equal(KillOutcome.PidReused, result.Outcome);
        Assert.False(reused.HasExited);
        Assert.NotNull(reader.TryRead(reused.Id));
        // Had the plan's SIGKILL been sent, nothing could undo it: the process dies by the SIGTERM sent after it.
        Run.Checked("/bin/kill", "-TERM", reused.Id.ToString(CultureInfo.InvariantCulture));
        Assert.True(reused.WaitForExit(5000), "the reused PID's process ignored SIGTERM");
        Assert.Equal(128 + (int)KillSignal.Term, reused.ExitCode);
    }

    /// <summary>Now, in the clock ticks /proc/PID/stat counts start times in.</summary>
    private static long TicksSinceBoot()
    {
        string uptime = File.ReadAllText("/proc/uptime").Split(' ')[0];
        return (long)(double.Parse(uptime, CultureInfo.InvariantCulture) * VpsTop.Core.Platform.Libc.ClockTicksPerSecond);
    }
}
