namespace VpsTop.Core.Processes;

/// <summary>What the details dialog shows beyond the identity; read on demand for one process.</summary>
public sealed record ProcessDetails
{
    public required ProcessIdentity Identity { get; init; }

    /// <summary>Target of /proc/PID/cwd, or null with <see cref="CwdError"/>.</summary>
    public string? Cwd { get; init; }
    public string? CwdError { get; init; }

    /// <summary>Parents from the direct parent up to PID 1 (each as read now; a parent that exited ends the chain).</summary>
    public required IReadOnlyList<ProcessIdentity> Ancestors { get; init; }

    /// <summary>systemd unit from /proc/PID/cgroup (e.g. "ssh.service", "session-3.scope"), or null.</summary>
    public string? SystemdUnit { get; init; }

    /// <summary>The raw cgroup path, for containers and units VpsTop does not recognise.</summary>
    public string? CgroupPath { get; init; }
}
