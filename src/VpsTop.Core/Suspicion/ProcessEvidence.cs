namespace VpsTop.Core.Suspicion;

/// <summary>
/// The facts about one process the suspicion rules look at, collected with readlink and stat only. Every
/// string is raw text from the system (hostile). <see cref="ExeOwnership"/> is filled by the analyzer from
/// the package database, so the rules stay a pure function of this record.
/// </summary>
public sealed record ProcessEvidence
{
    public required int Pid { get; init; }
    public required int ParentPid { get; init; }

    /// <summary>The kernel's name (≤15 bytes, settable with prctl).</summary>
    public required string Comm { get; init; }

    /// <summary>argv[0] as the process presents it now; null when the command line is empty.</summary>
    public string? Argv0 { get; init; }

    /// <summary>Where argv[0] leads when looked up in the process's own root (following symlinks, bare names
    /// in the standard bin directories); null when it leads nowhere. Equal to <see cref="Exe"/> for /sbin/init → systemd.</summary>
    public string? Argv0Target { get; init; }

    /// <summary>Target of /proc/PID/exe without " (deleted)"; null for kernel threads and unreadable ones.</summary>
    public string? Exe { get; init; }

    /// <summary>/proc/PID/exe verbatim, e.g. "/memfd:payload (deleted)".</summary>
    public string? ExeLink { get; init; }

    public bool ExeDeleted { get; init; }

    /// <summary>The program runs from an anonymous memfd: nothing on disk ever held it.</summary>
    public bool ExeIsMemfd { get; init; }

    /// <summary>For a deleted exe: a file exists at the same path now (in the process's root), as after a package upgrade.</summary>
    public bool ExeReplacedOnDisk { get; init; }

    /// <summary>The process sees the same mount namespace as PID 1, so its paths are this system's paths.</summary>
    public bool InHostMountNamespace { get; init; } = true;

    public string? Cwd { get; init; }

    /// <summary>PF_KTHREAD in the stat flags: the kernel's own mark, which no user process can set.</summary>
    public bool IsKernelThread { get; init; }

    /// <summary>Socket inodes on descriptors 0, 1 and 2 (index = fd; 0 = not a socket).</summary>
    public IReadOnlyList<ulong> StdioSocketInodes { get; init; } = [0, 0, 0];

    /// <summary>What the package database says about <see cref="Exe"/>.</summary>
    public PackageOwnership ExeOwnership { get; init; }

    /// <summary>Why <see cref="ExeOwnership"/> is unknown, in words.</summary>
    public string? OwnershipUnknownReason { get; init; }
}
