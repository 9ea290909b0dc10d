using System.Runtime.InteropServices;

namespace VpsTop.Core.Platform;

/// <summary>This process: its privileges, and for a process that must live on detached, stdin, stdout and stderr
/// pointed at /dev/null, releasing the terminal and pipes it inherited.</summary>
public static partial class ProcessSelf
{
    /// <summary>Whether this process runs with root's effective uid (what changing sshd's config needs).</summary>
    public static bool IsRoot => Libc.GetEffectiveUid() == 0;

    public static void RedirectToDevNull()
    {
        int devNull = open("/dev/null", 2 /* O_RDWR */);
        if (devNull < 0) return;
        for (int fd = 0; fd <= 2; fd++) dup2(devNull, fd);
        if (devNull > 2) close(devNull);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc")]
    private static partial int dup2(int oldfd, int newfd);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
