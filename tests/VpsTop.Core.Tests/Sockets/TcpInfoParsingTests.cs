using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

/// <summary>Hand-built inet_diag messages with a tcp_info attribute of the lengths older and newer kernels send.</summary>
public class TcpInfoParsingTests
{
    private static byte[] Message(int tcpInfoLength, bool withProtocolAttribute = true)
    {
        var m = new List<byte>();
        var msg = new byte[72];
        msg[0] = 2; // AF_INET
        msg[1] = 1; // ESTABLISHED
        BinaryPrimitives.WriteUInt16BigEndian(msg.AsSpan(4), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(msg.AsSpan(6), 443);
        msg[8] = 10; msg[11] = 1;
        msg[24] = 192; msg[25] = 0; msg[26] = 2; msg[27] = 7;
        MemoryMarshal.Write(msg.AsSpan(44), 0x89ABCDEFu); // cookie, low word
        MemoryMarshal.Write(msg.AsSpan(48), 0x01234567u); // cookie, high word
        MemoryMarshal.Write(msg.AsSpan(68), 4242u);
        m.AddRange(msg);
        if (withProtocolAttribute) m.AddRange(new byte[] { 5, 0, 8, 0, 6, 0, 0, 0 }); // INET_DIAG_PROTOCOL, padded
        var info = new byte[tcpInfoLength];
        if (tcpInfoLength >= 136)
        {
            MemoryMarshal.Write(info.AsSpan(120), 5_000_001UL);
            MemoryMarshal.Write(info.AsSpan(128), 3_000_000UL);
        }
        if (tcpInfoLength >= 144) { MemoryMarshal.Write(info.AsSpan(136), 77u); MemoryMarshal.Write(info.AsSpan(140), 66u); }
        if (tcpInfoLength >= 208) MemoryMarshal.Write(info.AsSpan(200), 5_100_000UL);
        var header = new byte[4];
        MemoryMarshal.Write(header, (ushort)(4 + tcpInfoLength));
        MemoryMarshal.Write(header.AsSpan(2), (ushort)2); // INET_DIAG_INFO
        m.AddRange(header);
        m.AddRange(info);
        while (m.Count % 4 != 0) m.Add(0);
        return [.. m];
    }

    [Fact]
    public void A_current_kernel_gives_all_counters_and_the_cookie()
    {
        Assert.True(SockDiagSocketSource.TryParseCounters(Message(280), out var c));
        Assert.Equal((5_000_001L, 3_000_000L, 5_100_000L, 77L, 66L), (c.BytesAcked, c.BytesReceived, c.BytesSent, c.SegmentsOut,
            c.SegmentsIn));
        Assert.Equal(0x0123456789ABCDEFUL, c.Cookie);
        Assert.Equal((4242UL, (ushort)40000, (ushort)443), (c.Socket.Inode, c.Socket.LocalPort, c.Socket.RemotePort));
        Assert.Equal("192.0.2.7", c.Socket.RemoteAddress.ToString());
    }

    [Fact]
    public void A_kernel_before_4_19_has_no_bytes_sent()
    {
        // 4.15's tcp_info ends after tcpi_delivery_rate... at 192 bytes: acked and received are there, bytes_sent is not.
        Assert.True(SockDiagSocketSource.TryParseCounters(Message(192, withProtocolAttribute: false), out var c));
        Assert.Equal((5_000_001L, 3_000_000L, -1L), (c.BytesAcked, c.BytesReceived, c.BytesSent));
    }

    [Theory]
    [InlineData(104)] // before 4.2: no byte counters at all
    [InlineData(0)]
    public void A_tcp_info_without_the_counters_is_not_read(int length) =>
        Assert.False(SockDiagSocketSource.TryParseCounters(Message(length), out _));

    [Fact]
    public void An_attribute_longer_than_the_message_is_rejected()
    {
        var m = Message(280);
        m = m[..^40]; // truncated in the middle of tcp_info
        Assert.False(SockDiagSocketSource.TryParseCounters(m, out _));
    }
}
