using VpsTop.Core.Processes;

namespace VpsTop.Core.Actions;

public enum KillSignal
{
    Term = 15,
    Kill = 9,
}

/// <summary>
/// What a kill would do, decided before anything is sent: the exact process (PID and start time as it was
/// on screen), the signal, and either a refusal (PID 1, kernel thread, VpsTop itself, already gone …)
/// or warnings the user must see first (killing sshd may cut their own session).
/// </summary>
public sealed record KillPlan(ProcessIdentity Target, KillSignal Signal, string? Refusal, IReadOnlyList<string> Warnings)
{
    public bool Allowed => Refusal is null;
}

public enum KillOutcome
{
    /// <summary>The signal was delivered to the planned process.</summary>
    Signalled,
    /// <summary>Nothing was sent: the plan was refused.</summary>
    Refused,
    /// <summary>The planned process had already exited (its PID may now belong to another one: untouched).</summary>
    AlreadyGone,
    /// <summary>The PID now names a different process (start time differs): nothing was sent.</summary>
    PidReused,
    /// <summary>The kernel refused (EPERM …).</summary>
    Failed,
}

public sealed record KillResult(KillOutcome Outcome, string Message)
{
    public bool Success => Outcome == KillOutcome.Signalled;
}

/// <summary>Plans and performs kills. The TUI and the CLI use the same implementation.</summary>
public interface IProcessKiller
{
    KillPlan Plan(ProcessIdentity target, KillSignal signal);
    KillResult Apply(KillPlan plan);

    /// <summary>Whether the process (this PID with this start time) has ended: exited and reaped, or a zombie
    /// waiting for its parent to reap it. Never blocks, so a screen can ask again and again after a signal.</summary>
    bool HasExited(ProcessIdentity target);
}
