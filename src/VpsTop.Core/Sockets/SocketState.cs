namespace VpsTop.Core.Sockets;

/// <summary>Kernel TCP states with the kernel's numbering (include/net/tcp_states.h).</summary>
public enum SocketState : byte
{
    Unknown = 0,
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
    NewSynRecv = 12,
}

public enum Proto : byte
{
    Tcp = 6,
    Udp = 17,
}

public static class SocketStateNames
{
    /// <summary>The names netstat prints. UDP sockets are "UNCONN" when unconnected (kernel TCP_CLOSE),
    /// as ss names them, and "ESTABLISHED" once connect()ed.</summary>
    public static string Name(this SocketState state, Proto proto) => state switch
    {
        SocketState.Established => "ESTABLISHED",
        SocketState.SynSent => "SYN_SENT",
        SocketState.SynRecv or SocketState.NewSynRecv => "SYN_RECV",
        SocketState.FinWait1 => "FIN_WAIT1",
        SocketState.FinWait2 => "FIN_WAIT2",
        SocketState.TimeWait => "TIME_WAIT",
        SocketState.Close => proto == Proto.Udp ? "UNCONN" : "CLOSE",
        SocketState.CloseWait => "CLOSE_WAIT",
        SocketState.LastAck => "LAST_ACK",
        SocketState.Listen => "LISTEN",
        SocketState.Closing => "CLOSING",
        _ => "UNKNOWN",
    };

    public static string Name(this Proto proto) => proto == Proto.Tcp ? "tcp" : "udp";
}
