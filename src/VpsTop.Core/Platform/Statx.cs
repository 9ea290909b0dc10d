using System.Runtime.InteropServices;

namespace VpsTop.Core.Platform;

/// <summary>statx(2), the one import of it: its struct layout is the same on every architecture, unlike struct stat.
/// Callers read the fields they need from the buffer at the offsets of linux/stat.h.</summary>
internal static unsafe partial class Statx
{
    public const int BufferSize = 256;
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint BasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Call(int dirfd, string path, int flags, uint mask, byte* buffer);
}
