namespace VpsTop.Cli;

/// <summary>What scripts can rely on; the same numbers are listed in README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The work could not be done (unreadable system, signal failed, bad settings).</summary>
    public const int Failure = 1;
    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;
    /// <summary>A safety rule refused the action (PID 1, kernel thread, VpsTop itself, unconfirmed warning).</summary>
    public const int Refused = 3;
    /// <summary>The target does not exist (any more), or its PID now names another process.</summary>
    public const int NotFound = 4;
    /// <summary>A facility the verb needs is missing: capture rights, libpcap, the named interface.</summary>
    public const int Unavailable = 5;

    /// <summary>vpstop harden: a lockout guard blocked the change (override with --force, which names each one).</summary>
    public const int Blocked = 6;

    /// <summary>vpstop harden: sshd refused the new config, or a value would not take effect; nothing was changed.</summary>
    public const int Invalid = 7;

    /// <summary>vpstop harden: the change was written, then put back (a check failed, or no confirmation came).</summary>
    public const int RolledBack = 8;
}
