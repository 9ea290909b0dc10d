using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Processes;

/// <summary>Reads of /proc entries that distinguish "gone" from "denied", which the BCL blurs together.</summary>
internal static unsafe class ProcFiles
{
    private const int PathMax = 4096;

    /// <summary>Whole file, or null when it does not exist / the process vanished; denied → null too, with the errno.</summary>
    public static byte[]? TryReadAll(string path, out int errno)
    {
        errno = 0;
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException) { errno = Libc.EACCES; }
        catch (FileNotFoundException) { errno = Libc.ENOENT; }
        catch (DirectoryNotFoundException) { errno = Libc.ENOENT; }
        // Reading a file of a process that just exited fails with ESRCH, surfaced as a plain IOException.
        catch (IOException) { errno = Libc.ESRCH; }
        return null;
    }

    /// <summary>The raw bytes of a link target, decoded as UTF-8 with replacement; null with errno on failure.</summary>
    public static string? TryReadLink(string path, out int errno)
    {
        int max = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> pathBytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(path, pathBytes);
        pathBytes[n] = 0;
        byte[] target = new byte[PathMax + 64]; // " (deleted)" may push a PATH_MAX name past PATH_MAX
        fixed (byte* p = pathBytes)
        fixed (byte* t = target)
        {
            nint len = Libc.readlink(p, t, target.Length);
            if (len < 0)
            {
                errno = Libc.LastError;
                return null;
            }
            errno = 0;
            return Encoding.UTF8.GetString(target, 0, (int)len);
        }
    }
}
