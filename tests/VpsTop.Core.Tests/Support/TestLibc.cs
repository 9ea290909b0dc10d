using System.Runtime.InteropServices;

namespace VpsTop.Core.Tests.Support;

/// <summary>Calls the tests need to set up situations the BCL cannot express (raw-byte file names, fd inheritance).</summary>
internal static unsafe partial class TestLibc
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int link(byte* oldPath, byte* newPath);

    /// <summary>dup() returns a descriptor without FD_CLOEXEC, so children started afterwards inherit it.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlink(byte* path);
}
