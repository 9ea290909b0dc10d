using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// Which paths installed packages own, read directly from dpkg's database (/var/lib/dpkg/info/*.list and
/// /var/lib/dpkg/diversions) under a <see cref="SystemRoot"/>; never by running dpkg -S, which is slow and
/// which an attacker can replace. Loaded on first use and kept until /var/lib/dpkg/info or the diversions
/// file changes (an apt run), then reloaded on the next <see cref="ReloadIfChanged"/>.
///
/// Memory: a Debian server lists 100k+ paths (most of them documentation). Instead of the strings, the set
/// keeps 64 bits of SHA-256 of each canonical path: about 20 bytes per path instead of ~150. A cryptographic
/// hash because the answer is security-relevant: with a fast non-cryptographic hash an attacker could name
/// a dropped binary so that it collides with a packaged path and so look package-owned.
///
/// RPM: rpm's database is SQLite (rpmdb.sqlite) or Berkeley DB (Packages); reading either needs a native
/// library VpsTop does not ship, so on an RPM system every answer is <see cref="PackageOwnership.Unknown"/>
/// ("rpm database not readable") rather than "not owned": never flag what we could not check.
/// Thread-safe.
/// </summary>
public sealed class PackageDatabase
{
    private const string InfoDir = "/var/lib/dpkg/info";
    private const string DiversionsFile = "/var/lib/dpkg/diversions";
    private static readonly string[] RpmDatabases =
    [
        "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/Packages",
    ];

    private readonly SystemRoot _root;
    private readonly Lock _lock = new();
    private Loaded? _loaded;

    public PackageDatabase(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
    }

    /// <summary>Why answers are <see cref="PackageOwnership.Unknown"/>, in words; null when dpkg's database was read.</summary>
    public string? UnavailableReason => Current().UnavailableReason;

    /// <summary>Paths the loaded database lists (after diversions): 0 when unavailable.</summary>
    public int PathCount => Current().Paths.Count;

    /// <summary>How long the last load took.</summary>
    public TimeSpan LoadTime => Current().LoadTime;

    /// <summary>Who owns the file at an absolute path as seen under this root (the kernel's /proc/PID/exe form is fine).</summary>
    public PackageOwnership Lookup(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Package managers never install into /usr/local or /opt (Debian policy 9.1.2; FHS): what is there was put by hand.
        bool byHand = IsUnder(path, "/usr/local") || IsUnder(path, "/opt");
        Loaded db = Current();
        if (db.UnavailableReason is not null || path.Length == 0 || path[0] != '/')
            return byHand ? PackageOwnership.OutsidePackageManager : PackageOwnership.Unknown;
        string canonical;
        lock (_lock) canonical = db.Resolver.ResolveFile(path);
        if (db.Paths.Contains(Digest(canonical))) return PackageOwnership.Owned;
        if (byHand) return PackageOwnership.OutsidePackageManager;
        // dpkg said no, but rpm packages may own it on a mixed system, and those we cannot read.
        return db.RpmPresent ? PackageOwnership.Unknown : PackageOwnership.NotOwned;
    }

    /// <summary>Reloads when dpkg's info directory or diversions changed since the load; cheap (two stats) otherwise.</summary>
    public bool ReloadIfChanged()
    {
        lock (_lock)
        {
            if (_loaded is null) return false; // not loaded yet: the first lookup reads the current state anyway
            if (_loaded.Stamp == Stamp()) return false;
            _loaded = null;
            return true;
        }
    }

    private Loaded Current()
    {
        lock (_lock) return _loaded ??= Load();
    }

    private (DateTime, DateTime) Stamp() =>
        (Directory.GetLastWriteTimeUtc(_root.Path(InfoDir)), File.GetLastWriteTimeUtc(_root.Path(DiversionsFile)));

    private Loaded Load()
    {
        var clock = Stopwatch.StartNew();
        var resolver = new RootedPathResolver(_root);
        (DateTime, DateTime) stamp = Stamp();
        bool rpm = RpmDatabases.Any(p => File.Exists(_root.Path(p)));
        string info = _root.Path(InfoDir);
        string[] lists;
        try
        {
            lists = Directory.Exists(info) ? Directory.GetFiles(info, "*.list") : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unavailable($"dpkg database not readable ({e.Message})");
        }
        if (lists.Length == 0)
            return Unavailable(rpm ? "package ownership unknown (rpm database not readable)"
                : "package ownership unknown (no package database found)");

        var paths = new HashSet<ulong>();
        var chars = new char[4096];
        foreach (string list in lists)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(list); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // removed mid-apt
            ReadOnlySpan<byte> rest = bytes;
            while (!rest.IsEmpty)
            {
                int nl = rest.IndexOf((byte)'\n');
                ReadOnlySpan<byte> line = nl < 0 ? rest : rest[..nl];
                rest = nl < 0 ? [] : rest[(nl + 1)..];
                if (line.IsEmpty || line[0] != (byte)'/' || line.Length > chars.Length) continue;
                int n = Encoding.UTF8.GetChars(line, chars);
                paths.Add(Digest(resolver.ResolveFile(chars.AsSpan(0, n))));
            }
        }

        ApplyDiversions(paths, resolver);
        paths.TrimExcess();
        resolver.Forget(); // ~20k directory strings: more than the whole hash set
        return new Loaded(paths, resolver, stamp, rpm, null, clock.Elapsed);

        Loaded Unavailable(string reason) => new([], resolver, stamp, rpm, reason, clock.Elapsed);
    }

    /// <summary>
    /// The diversions file holds triples of lines: original path, diverted-to path, diverting package (":"
    /// for a local, admin-made diversion). The diverted package's file really lives at the diverted-to path;
    /// at the original path sits the diverting package's file, or for a local diversion the admin's own.
    /// </summary>
    private void ApplyDiversions(HashSet<ulong> paths, RootedPathResolver resolver)
    {
        string[] lines;
        try { lines = File.ReadAllLines(_root.Path(DiversionsFile), Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        for (int i = 0; i + 2 < lines.Length; i += 3)
        {
            string from = lines[i], to = lines[i + 1], by = lines[i + 2];
            if (from.Length == 0 || from[0] != '/' || to.Length == 0 || to[0] != '/') continue;
            paths.Add(Digest(resolver.ResolveFile(to)));
            if (by == ":") paths.Remove(Digest(resolver.ResolveFile(from)));
        }
    }

    private static ulong Digest(string canonicalPath)
    {
        int max = Encoding.UTF8.GetMaxByteCount(canonicalPath.Length);
        Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(canonicalPath, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..n], hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    internal static bool IsUnder(string path, string dir) =>
        path.StartsWith(dir, StringComparison.Ordinal) && (path.Length == dir.Length || path[dir.Length] == '/');

    private sealed record Loaded(
        HashSet<ulong> Paths, RootedPathResolver Resolver, (DateTime, DateTime) Stamp, bool RpmPresent, string? UnavailableReason,
            TimeSpan LoadTime);
}
