using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VpsTop.Core.Platform;

/// <summary>
/// Raw netlink sockets through libc. System.Net.Sockets cannot create AF_NETLINK sockets (its
/// AddressFamily enum has no mapping for 16), and [LibraryImport] keeps this NativeAOT-friendly.
/// </summary>
internal static partial class Netlink
{
    internal const int AF_NETLINK = 16;
    internal const int NETLINK_SOCK_DIAG = 4;

    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_DUMP = 0x300;
    internal const int NlMsgHdrSize = 16;

    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    private const int SOCK_RAW = 3;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1;
    private const int SO_RCVTIMEO = 20;
    private const int SO_RCVBUF = 8;
    private const int SOL_NETLINK = 270;
    private const int NETLINK_ADD_MEMBERSHIP = 1;
    private const int MSG_DONTWAIT = 0x40;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial NetlinkHandle SysSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint SysSend(NetlinkHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint SysRecv(NetlinkHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SysSetSockOpt(NetlinkHandle fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static unsafe partial int SysBind(NetlinkHandle fd, void* address, uint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int SysClose(int fd);

    /// <summary>Opens a netlink socket; on failure returns null and the errno.</summary>
    internal static NetlinkHandle? Open(int protocol, TimeSpan receiveTimeout, out int errno)
    {
        NetlinkHandle handle = SysSocket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (handle.IsInvalid)
        {
            errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return null;
        }

        // A kernel that never answers must not hang the collector thread forever.
        Span<long> timeval = [(long)receiveTimeout.TotalSeconds, receiveTimeout.Microseconds + receiveTimeout.Milliseconds * 1000L];
        unsafe
        {
            fixed (long* tv = timeval)
                SysSetSockOpt(handle, SOL_SOCKET, SO_RCVTIMEO, tv, (uint)(sizeof(long) * 2));
        }
        errno = 0;
        return handle;
    }

    /// <summary>Sends one whole message; returns 0 or the errno.</summary>
    internal static unsafe int Send(NetlinkHandle handle, ReadOnlySpan<byte> message)
    {
        fixed (byte* p = message)
        {
            while (true)
            {
                nint sent = SysSend(handle, p, (nuint)message.Length, 0);
                if (sent >= 0)
                    return sent == message.Length ? 0 : EAGAIN;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    return errno;
            }
        }
    }

    /// <summary>Binds to a kernel-chosen port id; returns 0 or the errno. A socket that only listens must: the kernel
    /// sends multicast from port id 0 and skips a member whose own id is 0, i.e. one never bound nor used to send.</summary>
    internal static unsafe int BindAnyPort(NetlinkHandle handle)
    {
        // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
        Span<uint> address = [AF_NETLINK, 0, 0];
        fixed (uint* a = address)
            return SysBind(handle, a, 12) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Joins a multicast group (a sock_diag destroy group needs no privilege); returns 0 or the errno.</summary>
    internal static unsafe int JoinGroup(NetlinkHandle handle, int group)
    {
        int value = group;
        return SysSetSockOpt(handle, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &value, sizeof(int)) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Asks for a larger receive buffer, so a burst of multicast events between two drains is not dropped.
    /// The kernel caps it at net.core.rmem_max without privilege; best effort.</summary>
    internal static unsafe void SetReceiveBuffer(NetlinkHandle handle, int bytes)
    {
        int value = bytes;
        SysSetSockOpt(handle, SOL_SOCKET, SO_RCVBUF, &value, sizeof(int));
    }

    /// <summary>Receives one datagram; returns its length, or -1 with the errno (EAGAIN on timeout).</summary>
    internal static int Receive(NetlinkHandle handle, Span<byte> buffer, out int errno) => Receive(handle, buffer, 0, out errno);

    /// <summary>Receives one datagram if one is queued; returns -1 with EAGAIN when none is.</summary>
    internal static int ReceiveIfQueued(NetlinkHandle handle, Span<byte> buffer, out int errno) => Receive(handle, buffer, MSG_DONTWAIT,
        out errno);

    private static unsafe int Receive(NetlinkHandle handle, Span<byte> buffer, int flags, out int errno)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint received = SysRecv(handle, p, (nuint)buffer.Length, flags);
                if (received >= 0)
                {
                    errno = 0;
                    return (int)received;
                }
                errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    return -1;
            }
        }
    }

    /// <summary>strerror-like text for the errno values a dump can meet; the number for the rest.</summary>
    internal static string ErrnoText(int errno) => errno switch
    {
        1 => "operation not permitted (EPERM)",
        2 => "not supported by this kernel (ENOENT)",
        11 => "timed out (EAGAIN)",
        12 => "out of memory (ENOMEM)",
        13 => "permission denied (EACCES)",
        22 => "invalid argument (EINVAL)",
        93 => "protocol not supported (EPROTONOSUPPORT)",
        97 => "address family not supported (EAFNOSUPPORT)",
        105 => "no buffer space (ENOBUFS)",
        _ => $"errno {errno}",
    };
}

/// <summary>Owns a netlink file descriptor so it is closed even if the owner is never disposed.</summary>
internal sealed class NetlinkHandle : SafeHandleMinusOneIsInvalid
{
    public NetlinkHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => Netlink.SysClose((int)handle) == 0;
}
