using System.Runtime.InteropServices;

namespace VpsTop.Core.Platform;

/// <summary>
/// The few libc entry points VpsTop needs where the BCL either allocates per call (readlink on a hot
/// path), hides the errno we must act on, or has no API at all (pidfd). Byte-path overloads take a
/// NUL-terminated path so callers can build it in a reused buffer.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000; // same value on x86_64 and aarch64 (asm-generic differs only on arm32/ppc)
    public const int O_CLOEXEC = 0x80000;

    private const int SC_CLK_TCK = 2;

    // Syscall numbers from the generic table; x86_64 and aarch64 share them for these newer calls.
    private const long SYS_pidfd_send_signal = 424;
    private const long SYS_pidfd_open = 434;

    public const short POLLIN = 1;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint readlink(byte* path, byte* buf, nint bufsiz);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint readlinkat(int dirfd, byte* path, byte* buf, nint bufsiz);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int open(byte* path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int openat(int dirfd, byte* path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>glibc ≥ 2.30 wraps the syscall; the record layout (linux_dirent64) is the kernel's.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial long sysconf(int name);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3, long a4);

    private static readonly Lazy<long> ClockTicks = new(() =>
    {
        long hz = sysconf(SC_CLK_TCK);
        return hz > 0 ? hz : 100; // USER_HZ is 100 on every mainstream architecture
    });

    /// <summary>USER_HZ: the unit of /proc/PID/stat times.</summary>
    public static long ClockTicksPerSecond => ClockTicks.Value;

    /// <summary>Returns a pidfd, or -1 with the errno in <paramref name="errno"/>.</summary>
    public static int PidfdOpen(int pid, out int errno)
    {
        long r = syscall(SYS_pidfd_open, pid, 0, 0, 0);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return (int)r;
    }

    /// <summary>Returns 0, or -1 with the errno in <paramref name="errno"/>.</summary>
    public static int PidfdSendSignal(int pidfd, int signal, out int errno)
    {
        long r = syscall(SYS_pidfd_send_signal, pidfd, signal, 0, 0);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return (int)r;
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport(Lib)]
    private static partial uint geteuid();

    /// <summary>The effective uid: without root, other users' /proc/PID/fd are unreadable.</summary>
    public static uint GetEffectiveUid() => geteuid();
}
