using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Actions;

/// <summary>
/// Kills exactly the process the user saw. The plan is checked against /proc now; the signal goes through a
/// pidfd opened before the final start-time check, so once that check passes the kernel delivers to that
/// process and no other, even if it exits and its PID is reused in between. Never runs a shell or kill(1).
/// </summary>
public sealed class ProcessKiller : IProcessKiller
{
    private static readonly string[] SshdNames = ["sshd", "sshd-session", "sshd-auth"];

    private readonly ProcessReader _reader;
    private readonly int _self;

    public ProcessKiller(ProcessReader reader) : this(reader, Environment.ProcessId)
    {
    }

    /// <summary>Test seam: which PID counts as "VpsTop itself".</summary>
    internal ProcessKiller(ProcessReader reader, int selfPid)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _self = selfPid;
    }

    public KillPlan Plan(ProcessIdentity target, KillSignal signal)
    {
        ArgumentNullException.ThrowIfNull(target);
        var warnings = new List<string>();
        string? refusal = Refuse(target, warnings);
        return new KillPlan(target, signal, refusal, warnings);
    }

    public KillResult Apply(KillPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Allowed) return new KillResult(KillOutcome.Refused, plan.Refusal!);
        if (!_reader.Root.IsLive)
            return new KillResult(KillOutcome.Failed, $"cannot signal processes of a captured system ({_reader.Root})");

        ProcessIdentity target = plan.Target;
        int pidfd = Libc.PidfdOpen(target.Pid, out int errno);
        if (pidfd < 0)
        {
            return errno switch
            {
                Libc.ESRCH => Gone(target),
                Libc.ENOSYS => new KillResult(KillOutcome.Failed,
                    "this kernel has no pidfd_open (Linux 5.3+ needed); VpsTop will not fall back to kill(), which can hit a reused PID"),
                _ => new KillResult(KillOutcome.Failed, $"pidfd_open({target.Pid}) failed: {Describe(errno)}"),
            };
        }
        try
        {
            // The pidfd pins whichever process had this PID at open time; the start time tells whether that is ours.
            if (!_reader.TryReadStartTime(target.Pid, out ulong start)) return Gone(target);
            if (start != target.StartTimeTicks)
                return new KillResult(KillOutcome.PidReused,
                    $"PID {target.Pid} now belongs to another process (start time changed); nothing was sent");

            if (Libc.PidfdSendSignal(pidfd, (int)plan.Signal, out errno) == 0)
                return new KillResult(KillOutcome.Signalled,
                    $"sent SIG{plan.Signal.ToString().ToUpperInvariant()} to PID {target.Pid} ({target.Comm})");
            return errno switch
            {
                Libc.ESRCH => Gone(target),
                Libc.EPERM => new KillResult(KillOutcome.Failed,
                    $"permission denied: PID {target.Pid} belongs to {target.User}; run VpsTop as root (or as that user) to signal it"),
                _ => new KillResult(KillOutcome.Failed, $"pidfd_send_signal to PID {target.Pid} failed: {Describe(errno)}"),
            };
        }
        finally
        {
            Libc.close(pidfd);
        }
    }

    public unsafe bool HasExited(ProcessIdentity target)
    {
        ArgumentNullException.ThrowIfNull(target);
        bool sameProcess = _reader.TryReadStartTime(target.Pid, out ulong start) && start == target.StartTimeTicks;
        if (!sameProcess || !_reader.Root.IsLive) return !sameProcess;
        // A zombie still has its /proc entry and start time; its pidfd is readable once it has exited.
        int pidfd = Libc.PidfdOpen(target.Pid, out int errno);
        if (pidfd < 0) return errno == Libc.ESRCH;
        try
        {
            // Opened after the start-time check: if the PID was reused in between, this is the new process.
            if (!_reader.TryReadStartTime(target.Pid, out start) || start != target.StartTimeTicks) return true;
            var wait = new Libc.PollFd { Fd = pidfd, Events = Libc.POLLIN };
            return Libc.poll(&wait, 1, 0) > 0 && (wait.Revents & Libc.POLLIN) != 0;
        }
        finally
        {
            Libc.close(pidfd);
        }
    }

    private string? Refuse(ProcessIdentity target, List<string> warnings)
    {
        if (target.Pid <= 0) return $"invalid PID {target.Pid}";
        if (target.Pid == 1) return "PID 1 is init: killing it brings the whole system down";
        if (target.Pid == _self) return "that is VpsTop itself (quit it instead)";
        if (IsKernelThread(target)) return $"PID {target.Pid} is a kernel thread; it cannot be killed from user space";

        ProcessIdentity? now = _reader.TryRead(target.Pid);
        if (now is null) return $"PID {target.Pid} ({target.Comm}) has already exited";
        if (now.StartTimeTicks != target.StartTimeTicks)
            return $"PID {target.Pid} now belongs to another process ({now.Comm}); refresh and pick it again";
        if (IsKernelThread(now)) return $"PID {target.Pid} is a kernel thread; it cannot be killed from user space";

        if (IsSshd(target) || IsSshd(now))
            warnings.Add("killing sshd may end your own SSH session (and, for the listener, all new logins)");
        if (IsOwnAncestor(target))
            warnings.Add("this process is an ancestor of VpsTop (your own shell or session): killing it may close your terminal");
        return null;
    }

    private static bool IsKernelThread(ProcessIdentity p) => p.IsKernelThread || p.Pid == 2 || p.ParentPid == 2;

    private static bool IsSshd(ProcessIdentity p)
    {
        string? exeName = p.Exe is null ? null : Path.GetFileName(p.Exe);
        foreach (string name in SshdNames)
            if (p.Comm == name || exeName == name)
                return true;
        return false;
    }

    private bool IsOwnAncestor(ProcessIdentity target)
    {
        ProcessDetails? self = _reader.TryReadDetails(_self);
        if (self is null) return false;
        foreach (ProcessIdentity ancestor in self.Ancestors)
            if (ancestor.Pid == target.Pid && ancestor.StartTimeTicks == target.StartTimeTicks)
                return true;
        return false;
    }

    private static KillResult Gone(ProcessIdentity target) =>
        new(KillOutcome.AlreadyGone, $"PID {target.Pid} ({target.Comm}) had already exited; nothing was sent");

    private static string Describe(int errno) => new System.ComponentModel.Win32Exception(errno).Message;
}
