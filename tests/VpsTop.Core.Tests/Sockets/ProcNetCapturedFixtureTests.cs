using System.Net;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

/// <summary>Fixtures/proc-mixed was captured on the dev VPS by its capture.py; sockets.txt lists what was
/// opened (inodes from fstat) and ss-tunaeH.txt is ss's view of the same moment.</summary>
public class ProcNetCapturedFixtureTests
{
    private static readonly NetAddress Lo4 = NetAddress.FromV4(0x7F000001);
    private static readonly NetAddress Any4 = NetAddress.FromV4(0);
    private static readonly NetAddress Lo6 = NetAddress.FromIPAddress(IPAddress.IPv6Loopback);
    private static readonly NetAddress Any6 = NetAddress.FromIPAddress(IPAddress.IPv6Any);
    private static readonly NetAddress Mapped = NetAddress.FromIPAddress(IPAddress.Parse("::ffff:127.0.0.1"));

    private static (List<SocketEntry> Entries, IReadOnlyList<string> Problems) Load()
    {
        var source = new ProcNetSocketSource(FixturePaths.Root("proc-mixed"));
        var entries = new List<SocketEntry>();
        var problems = source.Read(entries);
        return (entries, problems);
    }

    [Fact]
    public void Reads_every_row_without_problems()
    {
        var (entries, problems) = Load();
        Assert.Empty(problems);
        Assert.Equal(12, entries.Count(e => e.Proto == Proto.Tcp && e.Family == 4));
        Assert.Equal(5, entries.Count(e => e.Proto == Proto.Tcp && e.Family == 6));
        Assert.Equal(3, entries.Count(e => e.Proto == Proto.Udp && e.Family == 4));
        Assert.Equal(2, entries.Count(e => e.Proto == Proto.Udp && e.Family == 6));
    }

    public static TheoryData<SocketEntry> HandCheckedRows => new()
    {
        // tcp row 2: 0100007F:B02D 00000000:0000 0A ... inode 13514
        new(Proto.Tcp, 4, Lo4, 45101, Any4, 0, SocketState.Listen, 0, 13514, 0, 0),
        // tcp row 5: the accepted end with 100 unread bytes (rx_queue 00000064)
        new(Proto.Tcp, 4, Lo4, 45101, Lo4, 60100, SocketState.Established, 0, 13516, 0, 100),
        new(Proto.Tcp, 4, Lo4, 60100, Lo4, 45101, SocketState.Established, 0, 13515, 0, 0),
        // client that closed first: TIME_WAIT, no inode
        new(Proto.Tcp, 4, Lo4, 57080, Lo4, 45102, SocketState.TimeWait, 0, 0, 0, 0),
        // server closed first: client CLOSE_WAIT with the FIN counted in rx_queue, orphan FIN_WAIT2
        new(Proto.Tcp, 4, Lo4, 58776, Lo4, 45109, SocketState.CloseWait, 0, 13527, 0, 1),
        new(Proto.Tcp, 4, Lo4, 45109, Lo4, 58776, SocketState.FinWait2, 0, 0, 0, 0),
        new(Proto.Tcp, 4, Lo4, 48354, Lo4, 45104, SocketState.Established, 0, 13524, 0, 0),
        new(Proto.Tcp, 4, Any4, 2024, Any4, 0, SocketState.Listen, 0, 1145, 0, 0),
        new(Proto.Tcp, 6, Any6, 45104, Any6, 0, SocketState.Listen, 0, 13523, 0, 0),
        new(Proto.Tcp, 6, Lo6, 45103, Any6, 0, SocketState.Listen, 0, 13520, 0, 0),
        new(Proto.Tcp, 6, Lo6, 45103, Lo6, 36574, SocketState.Established, 0, 13522, 0, 0),
        new(Proto.Tcp, 6, Lo6, 36574, Lo6, 45103, SocketState.Established, 0, 13521, 0, 0),
        // IPv4 client accepted by the dual-stack listener: 0000000000000000FFFF00000100007F
        new(Proto.Tcp, 6, Mapped, 45104, Mapped, 48354, SocketState.Established, 0, 13525, 0, 0),
        new(Proto.Udp, 4, Lo4, 45105, Any4, 0, SocketState.Close, 0, 13529, 0, 0),
        new(Proto.Udp, 4, Lo4, 45106, Lo4, 45105, SocketState.Established, 0, 13530, 0, 0),
        new(Proto.Udp, 4, Lo4, 45110, Any4, 0, SocketState.Close, 65534, 14359, 0, 0),
        new(Proto.Udp, 6, Lo6, 45107, Any6, 0, SocketState.Close, 0, 13531, 0, 0),
        new(Proto.Udp, 6, Lo6, 45108, Lo6, 45107, SocketState.Established, 0, 13532, 0, 0),
    };

    [Theory]
    [MemberData(nameof(HandCheckedRows))]
    public void Contains_hand_checked_row(SocketEntry expected)
    {
        var (entries, _) = Load();
        Assert.Contains(expected, entries);
    }

    [Fact]
    public void Mapped_row_displays_as_plain_v4()
    {
        var (entries, _) = Load();
        var row = Assert.Single(entries, e => e.Inode == 13525);
        Assert.True(row.LocalAddress.IsV4Mapped);
        Assert.Equal("127.0.0.1:45104", row.LocalAddress.WithPort(row.LocalPort));
        Assert.Equal("::ffff:127.0.0.1", row.RemoteAddress.ToString());
    }

    [Fact]
    public void Listening_covers_tcp_listen_and_unconnected_udp()
    {
        var (entries, _) = Load();
        var listening = entries.Where(e => e.IsListening).Select(e => (e.Proto, e.LocalPort)).ToHashSet();
        Assert.Contains((Proto.Tcp, (ushort)45101), listening);
        Assert.Contains((Proto.Udp, (ushort)45105), listening);
        Assert.DoesNotContain((Proto.Udp, (ushort)45106), listening);
    }

    /// <summary>Every socket ss printed at the capture moment is in the parsed table with the same
    /// protocol, ports, receive queue and inode.</summary>
    [Fact]
    public void Agrees_with_ss_output_captured_at_the_same_moment()
    {
        var (entries, _) = Load();
        string[] lines = File.ReadAllLines(Path.Combine(FixturePaths.Dir("proc-mixed"), "ss-tunaeH.txt"));
        Assert.Equal(entries.Count, lines.Length);
        foreach (string line in lines)
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var proto = f[0] == "tcp" ? Proto.Tcp : Proto.Udp;
            uint recvQ = uint.Parse(f[2]);
            ushort localPort = ushort.Parse(f[4][(f[4].LastIndexOf(':') + 1)..]);
            string peer = f[5][(f[5].LastIndexOf(':') + 1)..];
            ushort remotePort = peer == "*" ? (ushort)0 : ushort.Parse(peer);
            ulong inode = ulong.Parse(f.Single(t => t.StartsWith("ino:", StringComparison.Ordinal))[4..]);
            bool listen = f[1] == "LISTEN";
            Assert.True(entries.Any(e => e.Proto == proto && e.LocalPort == localPort && e.RemotePort == remotePort
                    && e.Inode == inode && (listen || e.RxQueue == recvQ)),
                $"not parsed: {line}");
        }
    }
}
