using System.Runtime.InteropServices;
using System.Text;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>
/// The owner uid of a path, which the BCL does not expose. statx is used because its struct layout is the same on
/// every architecture (struct stat is not): stx_uid is the u32 at offset 20 of the 256-byte buffer.
/// </summary>
internal static unsafe partial class FileOwner
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int UidOffset = 20;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>The uid sshd's stat() would see (symlinks followed), or null when the path cannot be stat'ed.</summary>
    public static uint? Uid(string path)
    {
        if (path.Contains('\0')) return null;
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* buffer = stackalloc byte[StatxSize];
        fixed (byte* p = bytes)
        {
            if (Statx(AtFdCwd, p, 0, StatxUid, buffer) != 0) return null;
        }
        // The kernel fills the buffer in native byte order.
        return *(uint*)(buffer + UidOffset);
    }
}
