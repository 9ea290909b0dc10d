namespace VpsTop.Core.Processes;

/// <summary>
/// Who a process is, as read from /proc/PID at one moment. (<see cref="Pid"/>, <see cref="StartTimeTicks"/>)
/// names exactly one process for the life of the machine: the kill action refuses to signal a PID whose
/// start time no longer matches, so a recycled PID is never hit.
/// </summary>
public sealed record ProcessIdentity
{
    public required int Pid { get; init; }
    public required int ParentPid { get; init; }

    /// <summary>Field 22 of /proc/PID/stat: clock ticks after boot.</summary>
    public required ulong StartTimeTicks { get; init; }

    /// <summary>Wall-clock start derived from btime + ticks / CLK_TCK.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The kernel's name (comm, ≤15 bytes): settable by the process itself with prctl.</summary>
    public required string Comm { get; init; }

    /// <summary>Target of /proc/PID/exe without the " (deleted)" suffix; null when unreadable
    /// (kernel thread, other user's process without root, exited).</summary>
    public string? Exe { get; init; }

    /// <summary>The exe link ended in " (deleted)": the file on disk is gone or replaced.</summary>
    public bool ExeDeleted { get; init; }

    /// <summary>Why <see cref="Exe"/> is null, in words ("permission denied", "kernel thread").</summary>
    public string? ExeError { get; init; }

    /// <summary>argv as the process currently presents it (the process can rewrite it).</summary>
    public required IReadOnlyList<string> Cmdline { get; init; }

    public required uint Uid { get; init; }

    /// <summary>User name from /etc/passwd under the same root, or the numeric uid.</summary>
    public required string User { get; init; }

    /// <summary>PF_KTHREAD is set in the stat flags.</summary>
    public bool IsKernelThread { get; init; }

    /// <summary>What to call it on screen: comm, like ss and htop. netstat's argv[0] is attacker-controlled.</summary>
    public string ProgramName => Comm;
}
