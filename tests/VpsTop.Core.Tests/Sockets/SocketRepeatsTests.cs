using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

public sealed class SocketRepeatsTests
{
    private static SocketEntry Entry(ushort port, SocketState state = SocketState.Established, ulong inode = 7) =>
        new(Proto.Tcp, 6, NetAddress.FromV4(0x7F000001), port, NetAddress.FromV4(0x7F000001), 22, state, 0, inode, 0, 0);

    [Fact]
    public void A_socket_listed_twice_in_one_dump_is_one_row_and_earlier_dumps_are_left_alone()
    {
        // rows before `from` belong to another table: an equal row there is another table's socket, kept
        var entries = new List<SocketEntry> { Entry(1), Entry(2), Entry(1), Entry(3), Entry(2), Entry(2, SocketState.TimeWait, 0),
            Entry(3), Entry(4) };
        var repeats = new SocketRepeats();

        repeats.Drop(entries, from: 2);

        Assert.Equal([Entry(1), Entry(2), Entry(1), Entry(3), Entry(2), Entry(2, SocketState.TimeWait, 0), Entry(4)], entries);
        repeats.Drop(entries, from: 0); // the set is reused: nothing of the last call is remembered
        Assert.Equal([Entry(1), Entry(2), Entry(3), Entry(2, SocketState.TimeWait, 0), Entry(4)], entries);
    }
}
