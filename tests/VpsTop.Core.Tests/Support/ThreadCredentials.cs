using System.Runtime.InteropServices;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// Drops root for the calling thread only. Linux credentials are per thread; glibc's setuid() broadcasts to every
/// thread, but the raw syscalls do not. The thread becomes nobody:nogroup with no groups and — because every uid
/// leaves 0 — no capabilities at all, exactly as setpriv would leave a process; it can never become root again, so
/// it must be a dedicated thread that ends afterwards.
/// </summary>
internal static partial class ThreadCredentials
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3);

    private static (long SetGroups, long SetResGid, long SetResUid) Numbers =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => (116, 119, 117),
            System.Runtime.InteropServices.Architecture.Arm64 => (159, 149, 147),
            var a => throw new PlatformNotSupportedException(a.ToString()),
        };

    public const int Nobody = 65534;

    /// <summary>Runs <paramref name="body"/> on a new thread that is nobody:nogroup; rethrows what it threw.</summary>
    public static T RunAsNobody<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var (setGroups, setResGid, setResUid) = Numbers;
                if (syscall(setGroups, 0, 0, 0) != 0 || syscall(setResGid, Nobody, Nobody, Nobody) != 0
                    || syscall(setResUid, Nobody, Nobody, Nobody) != 0)
                    throw new InvalidOperationException($"could not drop root: errno {Marshal.GetLastPInvokeError()}");
                result = body();
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new AggregateException(failure);
        return result;
    }

    /// <summary>Uid and effective capabilities of the calling thread, from /proc/thread-self/status.</summary>
    public static (int Uid, ulong CapEff) Current()
    {
        int uid = -1;
        ulong capEff = ulong.MaxValue;
        foreach (string line in File.ReadLines("/proc/thread-self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal)) uid = int.Parse(line.Split('\t')[2],
                System.Globalization.CultureInfo.InvariantCulture);
            if (line.StartsWith("CapEff:", StringComparison.Ordinal)) capEff = ulong.Parse(line[7..].Trim(),
                System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        }
        return (uid, capEff);
    }
}
