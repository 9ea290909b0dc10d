namespace VpsTop.Core.Hardening.Apply;

/// <summary>What to apply and how.</summary>
/// <param name="Plan">The files to write (from <see cref="PlacementPlanner"/>), with the tree they change.</param>
/// <param name="Intended">The values that must be in effect afterwards, checked with the real sshd -T.</param>
/// <param name="Reload">Tell the running sshd to reread its config (off: rehearsal on a copy).</param>
/// <param name="SystemConfig">The config is the system's /etc/ssh/sshd_config (a systemd unit may own its sshd).</param>
/// <param name="ConfirmTimeout">Rolled back by the watchdog unless confirmed within this time.</param>
/// <param name="WatchdogCommand">The argv that starts vpstop (the watchdog is `vpstop harden --watchdog FILE`).</param>
/// <param name="Context">The admin's connection, so Match blocks are evaluated for them.</param>
/// <param name="Session">Who applies (SSH_CONNECTION): the confirmation must come from another session.</param>
public sealed record ApplyRequest(
    PlacementPlan Plan,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Intended,
    bool Reload,
    bool SystemConfig,
    TimeSpan ConfirmTimeout,
    IReadOnlyList<string> WatchdogCommand,
    ConnectionContext? Context = null,
    string? Session = null);

public enum ApplyOutcome
{
    /// <summary>Written, validated, reloaded; waiting for confirmation from a new session (or confirmed).</summary>
    Applied,
    /// <summary>Every intended value is already in effect.</summary>
    NothingToDo,
    /// <summary>sshd refused the candidate, or a value would not take effect: nothing was changed.</summary>
    Invalid,
    /// <summary>Written, then put back (a check after writing or reloading failed, or no confirmation came).</summary>
    RolledBack,
    /// <summary>Another change waits for confirmation, or another vpstop holds the lock.</summary>
    Busy,
    /// <summary>Not applied for another reason (not root, unreadable files …): see the message.</summary>
    Failed,
}

public sealed record ApplyResult(ApplyOutcome Outcome, string Message, PendingChange? Pending = null, BackupManifest? Backup = null,
    IReadOnlyList<string>? Problems = null);
