using System.Text.Json.Serialization;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>One file as it was before an apply: whether it existed (a file the apply creates is deleted on
/// rollback), its hash, owner and mode, and the name of its copy in the backup directory.</summary>
public sealed record BackedUpFile(string Path, bool Existed, string? Sha256Before, string? Sha256After, uint Uid, uint Gid, int Mode,
    string? Copy);

/// <summary>What a backup holds and why it was taken; stored as manifest.json next to the copies.</summary>
public sealed record BackupManifest(string Id, DateTimeOffset Created, string ConfigPath, string Reason, IReadOnlyList<BackedUpFile> Files);

/// <summary>
/// The change waiting for confirmation (or how it ended), kept in one file that the applying process, the detached
/// watchdog and `vpstop harden --confirm` read and replace atomically. <see cref="State"/> moves from
/// "applying" to "applied" to "confirmed" or "rolled-back"; every step is logged so a crash leaves a trail.
/// </summary>
public sealed record PendingChange(
    string Id,
    string BackupId,
    string ConfigPath,
    DateTimeOffset Started,
    DateTimeOffset Deadline,
    string State,
    string Reload,
    int? ListenerPid,
    string? AppliedFromSession,
    IReadOnlyList<string> Log)
{
    public const string Applying = "applying";
    public const string Applied = "applied";
    public const string Confirmed = "confirmed";
    public const string RolledBack = "rolled-back";

    public bool Waiting => State is Applying or Applied;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
[JsonSerializable(typeof(PendingChange))]
internal sealed partial class HardeningJsonContext : JsonSerializerContext;
