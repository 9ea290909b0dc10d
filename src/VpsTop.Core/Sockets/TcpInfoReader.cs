using System.Runtime.InteropServices;

namespace VpsTop.Core.Sockets;

/// <summary>
/// Reads the byte counters from the attributes after an inet_diag_msg. struct tcp_info grows with every kernel
/// (280 bytes on 6.18), so each field is read only when the attribute is long enough to hold it.
/// </summary>
internal static class TcpInfoReader
{
    internal const byte InetDiagInfo = 2; // INET_DIAG_INFO: struct tcp_info
    internal const int DiagMsgSize = 72;

    // Offsets within struct tcp_info (linux/tcp.h).
    internal const int BytesAckedOffset = 120;    // 4.2+
    internal const int BytesReceivedOffset = 128; // 4.2+
    internal const int SegsOutOffset = 136;       // 4.2+
    internal const int SegsInOffset = 140;        // 4.2+
    internal const int BytesSentOffset = 200;     // 4.19+

    /// <summary>Finds INET_DIAG_INFO among the rtattrs of one message payload and reads the counters; false when the
    /// socket has none (TIME_WAIT and SYN_RECV sockets are not full sockets) or the kernel predates them.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> payload, out long acked, out long received, out long sent, out long segsOut,
        out long segsIn)
    {
        acked = received = segsOut = segsIn = 0;
        sent = -1;
        int offset = DiagMsgSize;
        while (payload.Length - offset >= 4)
        {
            ushort length = MemoryMarshal.Read<ushort>(payload[offset..]);
            ushort type = MemoryMarshal.Read<ushort>(payload[(offset + 2)..]);
            if (length < 4 || length > payload.Length - offset) return false;
            if ((type & 0x3FFF) == InetDiagInfo)
            {
                ReadOnlySpan<byte> info = payload.Slice(offset + 4, length - 4);
                if (info.Length < SegsInOffset + 4) return false;
                acked = (long)MemoryMarshal.Read<ulong>(info[BytesAckedOffset..]);
                received = (long)MemoryMarshal.Read<ulong>(info[BytesReceivedOffset..]);
                segsOut = MemoryMarshal.Read<uint>(info[SegsOutOffset..]);
                segsIn = MemoryMarshal.Read<uint>(info[SegsInOffset..]);
                if (info.Length >= BytesSentOffset + 8) sent = (long)MemoryMarshal.Read<ulong>(info[BytesSentOffset..]);
                return true;
            }
            offset += (length + 3) & ~3;
        }
        return false;
    }
}
