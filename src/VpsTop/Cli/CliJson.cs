using System.Text.Json.Serialization;

namespace VpsTop.Cli;

/// <summary>The documented JSON shapes. Strings are the raw values the system gave (scripts want the truth);
/// System.Text.Json escapes control and non-ASCII characters, so the JSON itself is terminal-safe.</summary>
internal sealed record ConnectionJson(
    string Proto, int Family, string LocalAddress, int LocalPort, string RemoteAddress, int RemotePort,
    string State, ulong Inode, uint Uid, IReadOnlyList<ProcessJson> Processes, string? OwnerUnknownReason);

internal sealed record ProcessJson(int Pid, string Program, string User, string? Exe, bool ExeDeleted, ulong StartTimeTicks);

internal sealed record RemoteHostJson(string RemoteAddress, int Connections);

/// <summary>One row of `vpstop bandwidth --json`: a process, or with pid null an unattributed bucket and its reason.</summary>
/// <summary>suspicious is true when a reason of medium or high severity is present; low ones are hints.</summary>
internal sealed record BandwidthJson(int? Pid, string? Program, string? User, string? Exe, long SentBytes, long ReceivedBytes,
    bool Suspicious, IReadOnlyList<ReasonJson> Reasons, string? Reason, bool Exited, string Devices, ulong? StartTimeTicks);

/// <summary>One suspicion reason: code (stable, e.g. exe-deleted), severity (low, medium, high), text, evidence.</summary>
internal sealed record ReasonJson(string Code, string Severity, string Text, string Evidence);

/// <summary>One row of `vpstop logins --json`: a session (ending logout, still_logged_in, gone_no_logout, crash,
/// down, boot) or with --failed an attempt (ending failed, no end).</summary>
internal sealed record LoginJson(string User, string Line, string Host, string? Address, DateTimeOffset Start, DateTimeOffset? End,
    string Ending, double? DurationSeconds, int? Pid);

internal sealed record KillJson(int Pid, string Signal, string Outcome, string Message, IReadOnlyList<string> Warnings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<ConnectionJson>))]
[JsonSerializable(typeof(List<RemoteHostJson>))]
[JsonSerializable(typeof(KillJson))]
[JsonSerializable(typeof(List<BandwidthJson>))]
[JsonSerializable(typeof(List<LoginJson>))]
[JsonSerializable(typeof(Core.Hardening.Apply.BackupManifest[]))]
[JsonSerializable(typeof(Core.Hardening.Apply.PendingChange))]
[JsonSerializable(typeof(HardenResultJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
