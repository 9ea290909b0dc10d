using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

/// <summary>Hand-built netlink datagrams: what the kernel sends, and what it should never send.</summary>
public class SockDiagParsingTests
{
    private const uint Seq = 42;

    private static byte[] Message(ushort type, uint seq, ReadOnlySpan<byte> payload)
    {
        int length = 16 + payload.Length;
        var m = new byte[(length + 3) & ~3];
        MemoryMarshal.Write(m, length);
        MemoryMarshal.Write(m.AsSpan(4), type);
        MemoryMarshal.Write(m.AsSpan(8), seq);
        payload.CopyTo(m.AsSpan(16));
        return m;
    }

    private static byte[] DiagMsg(byte af, byte state, IPAddress src, ushort sport, IPAddress dst, ushort dport,
        uint rqueue, uint wqueue, uint uid, uint inode)
    {
        var p = new byte[72 + 8]; // plus one attribute-sized tail, which must be ignored
        p[0] = af;
        p[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), sport);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), dport);
        src.TryWriteBytes(p.AsSpan(8, 16), out _);
        dst.TryWriteBytes(p.AsSpan(24, 16), out _);
        MemoryMarshal.Write(p.AsSpan(56), rqueue);
        MemoryMarshal.Write(p.AsSpan(60), wqueue);
        MemoryMarshal.Write(p.AsSpan(64), uid);
        MemoryMarshal.Write(p.AsSpan(68), inode);
        return p;
    }

    private static byte[] Int(int value)
    {
        var b = new byte[4];
        MemoryMarshal.Write(b, value);
        return b;
    }

    private static (SockDiagSocketSource.DatagramOutcome Outcome, List<SocketEntry> Entries) Parse(params byte[][] messages)
    {
        var entries = new List<SocketEntry>();
        int added = 0;
        var outcome = SockDiagSocketSource.ParseDatagram(messages.SelectMany(m => m).ToArray(), Seq, Proto.Tcp, 4, entries, ref added);
        Assert.Equal(entries.Count, added);
        return (outcome, entries);
    }

    [Fact]
    public void Parses_v4_and_v6_records_then_done()
    {
        var (outcome, entries) = Parse(
            Message(20, Seq, DiagMsg(2, 1, IPAddress.Parse("10.0.0.1"), 22, IPAddress.Parse("203.0.113.9"), 51000, 5, 7, 1000, 123456)),
            Message(20, Seq, DiagMsg(10, 10, IPAddress.Parse("::ffff:127.0.0.1"), 8080, IPAddress.IPv6Any, 0, 0, 4096, 0, 99)),
            Message(3, Seq, Int(0)));

        Assert.Equal(new SockDiagSocketSource.DatagramOutcome(true, null), outcome);
        Assert.Equal(2, entries.Count);
        Assert.Equal(new SocketEntry(Proto.Tcp, 4, NetAddress.FromV4(0x0A000001), 22, NetAddress.FromV4(0xCB007109), 51000,
            SocketState.Established, 1000, 123456, TxQueue: 7, RxQueue: 5), entries[0]);
        Assert.Equal(6, entries[1].Family);
        Assert.Equal(SocketState.Listen, entries[1].State);
        Assert.Equal("127.0.0.1:8080", entries[1].LocalAddress.WithPort(entries[1].LocalPort));
    }

    [Fact]
    public void A_datagram_without_done_asks_for_more()
    {
        var (outcome, entries) = Parse(Message(20, Seq, DiagMsg(2, 1, IPAddress.Loopback, 1, IPAddress.Loopback, 2, 0, 0, 0, 1)));
        Assert.False(outcome.Done);
        Assert.Single(entries);
    }

    [Fact]
    public void Messages_of_an_older_dump_are_ignored()
    {
        var (outcome, entries) = Parse(
            Message(20, Seq - 1, DiagMsg(2, 1, IPAddress.Loopback, 1, IPAddress.Loopback, 2, 0, 0, 0, 1)),
            Message(3, Seq - 1, Int(0)));
        Assert.False(outcome.Done);
        Assert.Empty(entries);
    }

    [Fact]
    public void Error_message_ends_the_dump_with_a_readable_problem()
    {
        var (outcome, _) = Parse(Message(2, Seq, Int(-2)));
        Assert.True(outcome.Done);
        Assert.Contains("ENOENT", outcome.Problem);
        Assert.False(outcome.Desynchronized);

        Assert.Equal(new SockDiagSocketSource.DatagramOutcome(true, null), Parse(Message(2, Seq, Int(0))).Outcome);
    }

    [Fact]
    public void Done_with_a_negative_status_is_a_problem()
    {
        var (outcome, _) = Parse(Message(3, Seq, Int(-105)));
        Assert.True(outcome.Done);
        Assert.Contains("ENOBUFS", outcome.Problem);
    }

    [Theory]
    [InlineData(8)]       // shorter than nlmsghdr
    [InlineData(100000)]  // longer than the datagram
    public void Impossible_lengths_stop_and_resynchronize(int length)
    {
        var m = Message(20, Seq, new byte[72]);
        MemoryMarshal.Write(m, length);
        var (outcome, entries) = Parse(m);
        Assert.True(outcome.Done);
        Assert.True(outcome.Desynchronized);
        Assert.Contains("malformed", outcome.Problem);
        Assert.Empty(entries);
    }

    [Fact]
    public void Short_records_and_unknown_families_are_skipped()
    {
        var unknownFamily = DiagMsg(2, 1, IPAddress.Loopback, 1, IPAddress.Loopback, 2, 0, 0, 0, 1);
        unknownFamily[0] = 1; // AF_UNIX
        var (outcome, entries) = Parse(
            Message(20, Seq, new byte[40]),
            Message(20, Seq, unknownFamily),
            Message(3, Seq, Int(0)));
        Assert.True(outcome.Done);
        Assert.Null(outcome.Problem);
        Assert.Empty(entries);
    }

    [Fact]
    public void Request_is_an_all_states_dump_for_the_family_and_protocol()
    {
        var request = new byte[72];
        SockDiagSocketSource.BuildRequest(request, 7, Proto.Udp, 6);
        Assert.Equal(72u, MemoryMarshal.Read<uint>(request));
        Assert.Equal((ushort)20, MemoryMarshal.Read<ushort>(request.AsSpan(4)));
        Assert.Equal((ushort)0x301, MemoryMarshal.Read<ushort>(request.AsSpan(6)));
        Assert.Equal(7u, MemoryMarshal.Read<uint>(request.AsSpan(8)));
        Assert.Equal(10, request[16]);
        Assert.Equal(17, request[17]);
        Assert.Equal(uint.MaxValue, MemoryMarshal.Read<uint>(request.AsSpan(20)));
    }
}
