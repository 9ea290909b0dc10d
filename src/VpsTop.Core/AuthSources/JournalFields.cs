namespace VpsTop.Core.AuthSources;

/// <summary>
/// The structured fields of one journal entry. Underscore fields (_PID, _UID, _COMM, _EXE, _SYSTEMD_UNIT) are set
/// by journald and cannot be forged by the writer; SYSLOG_IDENTIFIER can (<c>logger -t sshd</c>).
/// <see cref="Verified"/> says the entry was written by a root-owned sshd, sshd-session or sshd-auth process.
/// </summary>
public sealed record JournalFields(
    long RealtimeMicroseconds,
    int? Pid,
    string? Comm,
    uint? Uid,
    string? Exe,
    string? SyslogIdentifier,
    string? SystemdUnit,
    string Cursor)
{
    public DateTimeOffset Realtime => DateTimeOffset.FromUnixTimeMilliseconds(RealtimeMicroseconds / 1000);

    public bool Verified => Uid == 0 && SshdProcessNames.IsSshd(Comm) && SshdProcessNames.IsSshdExecutable(Exe);
}
