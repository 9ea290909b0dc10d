using VpsTop.Core.Sockets;

namespace VpsTop.Core.Logins;

/// <summary>How a session ended, in `last`'s words.</summary>
public enum SessionEnd
{
    /// <summary>A logout record closed it.</summary>
    Logout,
    /// <summary>No logout yet and its process still runs.</summary>
    StillLoggedIn,
    /// <summary>No logout and the process is gone (killed, crashed sshd).</summary>
    GoneNoLogout,
    /// <summary>The machine rebooted before a logout was written.</summary>
    Crash,
    /// <summary>A shutdown record came before the logout.</summary>
    Down,
    /// <summary>A boot record: the system itself, "still running" or "crash".</summary>
    Boot,
    /// <summary>A failed attempt (btmp): a point in time, no duration.</summary>
    Failed,
}

/// <summary>One row of `vpstop logins`: a session (wtmp, wtmpdb) or a failed attempt (btmp), newest first.</summary>
public sealed record LoginSession(
    string User, string Line, string Host, NetAddress? Address, DateTimeOffset Start, DateTimeOffset? End, SessionEnd Ending, int Pid)
{
    public TimeSpan? Duration => End - Start;
}
