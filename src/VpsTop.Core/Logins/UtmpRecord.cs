using VpsTop.Core.Sockets;

namespace VpsTop.Core.Logins;

/// <summary>ut_type values of glibc's struct utmp (bits/utmp.h).</summary>
public enum UtmpType : short
{
    Empty = 0,
    RunLevel = 1,
    BootTime = 2,
    NewTime = 3,
    OldTime = 4,
    InitProcess = 5,
    LoginProcess = 6,
    UserProcess = 7,
    DeadProcess = 8,
    Accounting = 9,
}

/// <summary>
/// One 384-byte record of wtmp or btmp as written. <see cref="User"/> and <see cref="Host"/> are raw: in btmp the
/// user is whatever name an attacker tried (sanitize before showing it). <see cref="Address"/> is ut_addr_v6, which
/// sshd fills from the socket — unlike <see cref="Host"/>, which may be a DNS name when UseDNS is on.
/// </summary>
public readonly record struct UtmpRecord(
    UtmpType Type, int Pid, string Line, string Id, string User, string Host, DateTimeOffset Time, NetAddress? Address, int Session);
