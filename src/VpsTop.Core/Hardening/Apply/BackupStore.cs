using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// Backups of sshd config files under &lt;state dir&gt;/backups/&lt;id&gt;/ (through the system root): a copy
/// of each file, fsynced, and a manifest with each file's hash, owner and mode, written last so a backup without a
/// manifest is known to be incomplete. Restoring checks the copies against their hashes and writes each file back
/// atomically with its owner and mode; a file the apply created is deleted.
/// </summary>
public sealed class BackupStore(SystemRoot root, string directory)
{
    /// <summary>Where the backups are (a system path).</summary>
    public string Directory { get; } = directory;

    private string Base => root.Path(Directory);

    /// <summary>Copies the files at the given system paths (absent ones are recorded as absent).</summary>
    public BackupManifest Create(IReadOnlyList<string> paths, string configPath, string reason, DateTimeOffset now)
    {
        string id = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'",
            CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        string dir = Path.Combine(Base, id);
        System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = new List<BackedUpFile>();
        for (int i = 0; i < paths.Count; i++)
        {
            string real = root.Path(paths[i]);
            if (!File.Exists(real))
            {
                files.Add(new BackedUpFile(paths[i], false, null, null, 0, 0, 0, null));
                continue;
            }
            byte[] bytes = File.ReadAllBytes(real);
            var owner = FileOwnership.Of(real) ?? throw new IOException($"cannot read the owner and mode of {real}");
            string copy = i.ToString(CultureInfo.InvariantCulture) + ".bak";
            AtomicFile.Write(Path.Combine(dir, copy), bytes, owner with
            {
                Mode =
                owner.Mode & ~(UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)
            });
            files.Add(new BackedUpFile(paths[i], true, Sha256(bytes), null, owner.Uid, owner.Gid, (int)owner.Mode, copy));
        }
        var manifest = new BackupManifest(id, now, configPath, reason, files);
        Save(manifest);
        return manifest;
    }

    /// <summary>Records the hash each file has after the apply, so a restore can see someone else changed it since.</summary>
    public BackupManifest WithAfter(BackupManifest manifest)
    {
        var files = manifest.Files.Select(f =>
        {
            string real = root.Path(f.Path);
            return f with { Sha256After = File.Exists(real) ? Sha256(File.ReadAllBytes(real)) : null };
        }).ToList();
        var updated = manifest with { Files = files };
        Save(updated);
        return updated;
    }

    public IReadOnlyList<BackupManifest> List()
    {
        var list = new List<BackupManifest>();
        if (!System.IO.Directory.Exists(Base)) return list;
        foreach (string dir in System.IO.Directory.GetDirectories(Base))
            if (Load(Path.GetFileName(dir)) is { } m) list.Add(m);
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return list;
    }

    /// <summary>The backup with this id, or null when it is absent or incomplete (no manifest).</summary>
    public BackupManifest? Load(string id)
    {
        if (id.Contains('/') || id.Contains("..", StringComparison.Ordinal)) return null;
        string file = Path.Combine(Base, id, "manifest.json");
        if (!File.Exists(file)) return null;
        try { return JsonSerializer.Deserialize(File.ReadAllBytes(file), HardeningJsonContext.Default.BackupManifest); }
        catch (JsonException) { return null; }
    }

    /// <summary>Files whose current content is neither what the apply wrote nor what the backup holds: someone changed
    /// them since, and a restore would throw their change away.</summary>
    public IReadOnlyList<string> ChangedSince(BackupManifest manifest)
    {
        var changed = new List<string>();
        foreach (var f in manifest.Files)
        {
            string real = root.Path(f.Path);
            string? now = File.Exists(real) ? Sha256(File.ReadAllBytes(real)) : null;
            if (now != f.Sha256After && now != f.Sha256Before) changed.Add(f.Path);
        }
        return changed;
    }

    /// <summary>Puts every file back as it was (atomically, with its owner and mode); deletes those that did not exist.</summary>
    public void Restore(BackupManifest manifest)
    {
        string dir = Path.Combine(Base, manifest.Id);
        // Check every copy before touching anything: a damaged backup must not half-restore.
        var copies = new Dictionary<string, byte[]>();
        foreach (var f in manifest.Files.Where(f => f.Existed))
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, f.Copy!));
            if (Sha256(bytes) != f.Sha256Before) throw new
                IOException($"backup {manifest.Id}: the copy of {f.Path} does not match its recorded hash");
            copies[f.Path] = bytes;
        }
        foreach (var f in manifest.Files)
        {
            string real = root.Path(f.Path);
            if (f.Existed) AtomicFile.Write(real, copies[f.Path], new FileOwnership(f.Uid, f.Gid, (UnixFileMode)f.Mode));
            else AtomicFile.Delete(real);
        }
    }

    private void Save(BackupManifest manifest)
    {
        string dir = Path.Combine(Base, manifest.Id);
        var owner = FileOwnership.Of(dir) ?? throw new IOException($"cannot stat {dir}");
        AtomicFile.Write(Path.Combine(dir, "manifest.json"), JsonSerializer.SerializeToUtf8Bytes(manifest,
            HardeningJsonContext.Default.BackupManifest),
            owner with { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
