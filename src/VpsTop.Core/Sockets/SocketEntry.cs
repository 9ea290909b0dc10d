namespace VpsTop.Core.Sockets;

/// <summary>One kernel socket as /proc/net/{tcp,udp}[6] or sock_diag reports it.
/// <see cref="Inode"/> is 0 for sockets no file descriptor refers to (TIME_WAIT, orphans).</summary>
public readonly record struct SocketEntry(
    Proto Proto,
    byte Family,
    NetAddress LocalAddress,
    ushort LocalPort,
    NetAddress RemoteAddress,
    ushort RemotePort,
    SocketState State,
    uint Uid,
    ulong Inode,
    uint TxQueue,
    uint RxQueue)
{
    public bool IsListening => State == SocketState.Listen || (Proto == Proto.Udp && State == SocketState.Close
        && RemoteAddress.IsUnspecified);
}
