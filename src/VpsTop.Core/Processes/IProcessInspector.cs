namespace VpsTop.Core.Processes;

/// <summary>Reads one process on demand (details dialog, kill by PID from the CLI).</summary>
public interface IProcessInspector
{
    /// <summary>Null when the process does not exist (or exited while being read).</summary>
    ProcessIdentity? TryRead(int pid);

    /// <summary>Null when the process does not exist (or exited while being read).</summary>
    ProcessDetails? TryReadDetails(int pid);
}
