using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VpsTop.Core.Platform;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// (device, inode, size) of a path or an open handle, from statx(2): its struct layout is the same on every
/// architecture, unlike struct stat. Comparing the open handle's identity with the path's is how a follower
/// sees that the path was renamed away and a new file created in its place.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode, long Size)
{
    public bool SameFileAs(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The identity of the file at <paramref name="path"/> now, or null when it cannot be stat'ed (absent, no
    /// permission).</summary>
    public static unsafe FileIdentity? OfPath(string path)
    {
        byte* buf = stackalloc byte[Statx.BufferSize];
        return Statx.Call(Statx.AtFdCwd, path, 0, Statx.BasicStats, buf) == 0 ? Decode(buf) : null;
    }

    public static unsafe FileIdentity OfHandle(SafeFileHandle handle)
    {
        byte* buf = stackalloc byte[Statx.BufferSize];
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx.Call((int)handle.DangerousGetHandle(), "", Statx.AtEmptyPath, Statx.BasicStats, buf) != 0)
                throw new IOException($"statx on an open log file failed: errno {Marshal.GetLastPInvokeError()}");
            return Decode(buf);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static unsafe FileIdentity Decode(byte* b)
    {
        // struct statx: stx_ino at 32, stx_size at 40, stx_dev_major/minor at 136/140 (linux/stat.h).
        ulong ino = *(ulong*)(b + 32);
        long size = *(long*)(b + 40);
        ulong dev = ((ulong)*(uint*)(b + 136) << 32) | *(uint*)(b + 140);
        return new FileIdentity(dev, ino, size);
    }
}
