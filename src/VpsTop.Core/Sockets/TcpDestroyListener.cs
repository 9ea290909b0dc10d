using System.Runtime.InteropServices;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Sockets;

/// <summary>
/// Subscribes to the sock_diag destroy groups (SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET6_TCP_DESTROY; Linux 4.2+): the
/// kernel sends each TCP socket's final inet_diag_msg with its tcp_info as the socket is freed, so the bytes a
/// connection moved after the last dump are not lost when it closes. Needs no privilege (the groups are
/// NL_CFG_F_NONROOT_RECV). Events queue in the socket until <see cref="Drain"/>; if more arrive than the receive
/// buffer holds the kernel drops them and reports ENOBUFS, which is counted in <see cref="Overflows"/>.
/// Not thread-safe.
/// </summary>
public sealed class TcpDestroyListener : IDisposable
{
    private const int SKNLGRP_INET_TCP_DESTROY = 1;
    private const int SKNLGRP_INET6_TCP_DESTROY = 3;
    private const ushort SOCK_DIAG_BY_FAMILY = 20;
    private const int ENOBUFS = 105;

    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
    private readonly NetlinkHandle _socket;

    private TcpDestroyListener(NetlinkHandle socket) => _socket = socket;

    /// <summary>Times the kernel dropped events because they were not drained fast enough.</summary>
    public long Overflows { get; private set; }

    /// <summary>Subscribes; on failure returns null and why (a kernel without the groups, netlink not allowed).</summary>
    public static TcpDestroyListener? TryOpen(out string? problem)
    {
        var socket = Netlink.Open(Netlink.NETLINK_SOCK_DIAG, TimeSpan.FromSeconds(1), out int errno);
        if (socket is null)
        {
            problem = "cannot open netlink socket: " + Netlink.ErrnoText(errno);
            return null;
        }
        errno = Netlink.BindAnyPort(socket);
        if (errno != 0)
        {
            socket.Dispose();
            problem = "cannot bind netlink socket: " + Netlink.ErrnoText(errno);
            return null;
        }
        // 4 MB asked; without privilege the kernel grants up to net.core.rmem_max (208 KB by default: ~500 events).
        Netlink.SetReceiveBuffer(socket, 4 << 20);
        foreach (int group in (ReadOnlySpan<int>)[SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET6_TCP_DESTROY])
        {
            errno = Netlink.JoinGroup(socket, group);
            if (errno != 0)
            {
                socket.Dispose();
                problem = $"cannot subscribe to TCP destroy events (group {group}): {Netlink.ErrnoText(errno)}";
                return null;
            }
        }
        problem = null;
        return new TcpDestroyListener(socket);
    }

    /// <summary>Appends the final counters of every TCP socket destroyed since the previous drain.</summary>
    public void Drain(List<TcpSocketCounters> into)
    {
        while (true)
        {
            int length = Netlink.ReceiveIfQueued(_socket, _receive, out int errno);
            if (length < 0)
            {
                if (errno == ENOBUFS) { Overflows++; continue; } // events were lost; the queue itself is still readable
                return; // EAGAIN: drained
            }
            if (length == 0) return;
            Parse(_receive.AsSpan(0, length), into);
        }
    }

    internal static void Parse(ReadOnlySpan<byte> datagram, List<TcpSocketCounters> into)
    {
        int offset = 0;
        while (datagram.Length - offset >= Netlink.NlMsgHdrSize)
        {
            uint length = MemoryMarshal.Read<uint>(datagram[offset..]);
            ushort type = MemoryMarshal.Read<ushort>(datagram[(offset + 4)..]);
            if (length < Netlink.NlMsgHdrSize || length > datagram.Length - offset) return;
            if (type == SOCK_DIAG_BY_FAMILY
                && SockDiagSocketSource.TryParseCounters(datagram.Slice(offset + Netlink.NlMsgHdrSize, (int)length - Netlink.NlMsgHdrSize),
                    out var counters))
                into.Add(counters);
            offset += (int)((length + 3) & ~3u);
        }
    }

    public void Dispose() => _socket.Dispose();
}
