using System.Runtime.InteropServices;

namespace VpsTop.Core.Platform;

/// <summary>Owner, group and permission bits of a file (statx(2), whose layout is the same on every architecture),
/// and the calls to give them to another file and to make writes durable: what a config rewrite must preserve.</summary>
public readonly partial record struct FileOwnership(uint Uid, uint Gid, UnixFileMode Mode)
{
    /// <summary>Of the file at <paramref name="path"/>, or null when it cannot be stat'ed. A final symlink is not followed
    /// unless <paramref name="followSymlinks"/> (as sshd's own stat() does for StrictModes).</summary>
    public static unsafe FileOwnership? Of(string path, bool followSymlinks = false)
    {
        if (path.Contains('\0')) return null;
        byte* buf = stackalloc byte[Statx.BufferSize];
        if (Statx.Call(Statx.AtFdCwd, path, followSymlinks ? 0 : Statx.AtSymlinkNoFollow, Statx.BasicStats, buf) != 0) return null;
        // struct statx: stx_uid at 20, stx_gid at 24, stx_mode (u16) at 28 (linux/stat.h).
        return new FileOwnership(*(uint*)(buf + 20), *(uint*)(buf + 24), (UnixFileMode)(*(ushort*)(buf + 28) & 0xFFF));
    }

    /// <summary>Gives an open file this owner, group and mode (fchown, fchmod through the handle: no path race).</summary>
    public void ApplyTo(FileStream file)
    {
        int fd = (int)file.SafeFileHandle.DangerousGetHandle();
        if (Native.fchown(fd, Uid, Gid) != 0) throw new IOException($"fchown {file.Name}: errno {Marshal.GetLastPInvokeError()}");
        File.SetUnixFileMode(file.SafeFileHandle, Mode);
    }

    /// <summary>fsync(2) on a directory, so a rename in it survives a crash.</summary>
    public static void SyncDirectory(string directory)
    {
        int fd = Native.open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        if (fd < 0) throw new IOException($"open {directory}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Native.fsync(fd) != 0) throw new IOException($"fsync {directory}: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            Libc.close(fd);
        }
    }

    private static unsafe partial class Native
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int fsync(int fd);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int fchown(int fd, uint owner, uint group);
    }
}
