using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old or the new content, never a mix: the new
/// bytes go to a temp file in the same directory, are fsynced and given the target's owner and mode, then renamed
/// over the target (rename(2) is atomic within a file system) and the directory is fsynced.
/// </summary>
public static class AtomicFile
{
    /// <summary>Mode of a file that did not exist before (sshd_config.d drop-ins are 0644 on Debian).</summary>
    public const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead |
        UnixFileMode.OtherRead;

    /// <param name="ownership">Owner and mode to give the file; null keeps the target's, or root 0644 for a new file.</param>
    public static void Write(string path, ReadOnlySpan<byte> bytes, FileOwnership? ownership = null)
    {
        string directory = Path.GetDirectoryName(path) ?? "/";
        var owner = ownership ?? FileOwnership.Of(path) ?? new FileOwnership(0, 0, NewFileMode);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.vpstop-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                owner.ApplyTo(file);
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            FileOwnership.SyncDirectory(directory);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Removes a file durably (for a rollback of a file the apply created).</summary>
    public static void Delete(string path)
    {
        if (!File.Exists(path)) return;
        File.Delete(path);
        FileOwnership.SyncDirectory(Path.GetDirectoryName(path) ?? "/");
    }
}
