using System.Text.Json;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// The one pending change, in &lt;state dir&gt;/pending.json (through the system root), replaced atomically
/// at every step; and the lock that keeps two applies (or an apply and a watchdog's rollback) from interleaving.
/// </summary>
public sealed class PendingStore(SystemRoot root, string directory)
{
    /// <summary>The state directory (a system path).</summary>
    public string Directory { get; } = directory;

    public string FilePath => root.Path(Directory + "/pending.json");

    public PendingChange? Load()
    {
        try { return JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), HardeningJsonContext.Default.PendingChange); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException) { return null; }
    }

    public void Save(PendingChange change)
    {
        System.IO.Directory.CreateDirectory(root.Path(Directory),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var owner = FileOwnership.Of(root.Path(Directory)) ?? throw new IOException($"cannot stat {root.Path(Directory)}");
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(change, HardeningJsonContext.Default.PendingChange),
            owner with { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
    }

    /// <summary>Takes the hardening lock (flock through FileShare.None), waiting up to <paramref name="wait"/>; null when
    /// another vpstop holds it.</summary>
    public FileStream? Lock(TimeSpan wait)
    {
        System.IO.Directory.CreateDirectory(root.Path(Directory),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try { return new FileStream(root.Path(Directory + "/lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
            catch (IOException) { return null; }
        }
    }
}
