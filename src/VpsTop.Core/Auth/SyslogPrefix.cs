namespace VpsTop.Core.Auth;

/// <summary>The transport layer of one syslog line: when, which host, which program and PID, and where the
/// program's own message starts in the line.</summary>
public readonly record struct SyslogPrefix(DateTimeOffset? Time, string? Host, string Program, int? Pid, int MessageStart);
