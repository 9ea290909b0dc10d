using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Sockets;

/// <summary>
/// Dumps the socket tables through NETLINK_SOCK_DIAG (what ss uses): binary records, no text to
/// format or parse, several times faster than /proc/net at 10k sockets. A hook that hides sockets
/// from /proc/net/tcp (tcp4_seq_show) does not hide them here, which makes it the cross-check for
/// <see cref="ProcNetSocketSource"/> and the other way round.
/// Only the live system can be asked, so it refuses any other <see cref="SystemRoot"/>.
/// For LISTEN sockets the kernel reports the backlog limit as <see cref="SocketEntry.TxQueue"/> (ss's
/// Send-Q); /proc/net/tcp shows 0 there. Not thread-safe: one instance per collector.
/// </summary>
public sealed class SockDiagSocketSource : ISocketSource, IDisposable
{
    private const ushort SOCK_DIAG_BY_FAMILY = 20;
    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;
    private const int RequestSize = Netlink.NlMsgHdrSize + 56; // nlmsghdr + inet_diag_req_v2
    private const int DiagMsgSize = 72;                         // inet_diag_msg without attributes

    private static readonly (Proto Proto, byte Family, string Label)[] Dumps =
    [
        (Proto.Tcp, 4, "tcp"), (Proto.Tcp, 6, "tcp6"), (Proto.Udp, 4, "udp"), (Proto.Udp, 6, "udp6"),
    ];

    // Datagrams of a dump are at most 32 KB (the kernel caps its per-recv skb there); 64 KB leaves room.
    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
    private readonly byte[] _request = new byte[RequestSize];
    private NetlinkHandle? _socket;
    private uint _sequence;
    private bool _disposed;

    public SockDiagSocketSource(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.IsLive)
            throw new ArgumentException($"sock_diag can only read the live system, not root {root}", nameof(root));
    }

    public SockDiagSocketSource() : this(SystemRoot.Live) { }

    public string Name => "netlink";

    /// <summary>How long one receive may wait for the kernel before the dump is given up.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Read(List<SocketEntry> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ObjectDisposedException.ThrowIf(_disposed, this);
        into.Clear();
        List<string>? problems = null;
        foreach (var (proto, family, label) in Dumps)
        {
            int start = into.Count;
            string? problem = Dump(proto, family, into);
            if (problem is not null)
                (problems ??= []).Add($"netlink {label}: {problem}");
            _repeats.Drop(into, start);
        }
        return problems ?? (IReadOnlyList<string>)[];
    }

    private readonly SocketRepeats _repeats = new();

    /// <summary>
    /// Dumps TCP v4 and v6 with tcp_info (INET_DIAG_INFO) and keeps the sockets that have byte counters: the
    /// capture-free bandwidth source. Needs no privilege: the kernel reports every user's sockets.
    /// </summary>
    public IReadOnlyList<string> ReadTcpCounters(List<TcpSocketCounters> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ObjectDisposedException.ThrowIf(_disposed, this);
        into.Clear();
        List<string>? problems = null;
        foreach (byte family in (ReadOnlySpan<byte>)[4, 6])
        {
            string? problem = Dump(Proto.Tcp, family, null, into);
            if (problem is not null)
                (problems ??= []).Add($"netlink tcp{(family == 6 ? "6" : "")} tcp_info: {problem}");
        }
        return problems ?? (IReadOnlyList<string>)[];
    }

    private string? Dump(Proto proto, byte family, List<SocketEntry> into) => Dump(proto, family, into, null);

    private string? Dump(Proto proto, byte family, List<SocketEntry>? into, List<TcpSocketCounters>? counters)
    {
        if (_socket is null)
        {
            _socket = Netlink.Open(Netlink.NETLINK_SOCK_DIAG, ReceiveTimeout, out int openErrno);
            if (_socket is null)
                return "cannot open socket: " + Netlink.ErrnoText(openErrno);
        }

        uint sequence = ++_sequence;
        BuildRequest(_request, sequence, proto, family, counters is null ? (byte)0 : InfoExtension);
        int sendErrno = Netlink.Send(_socket, _request);
        if (sendErrno != 0)
        {
            DropSocket();
            return "send failed: " + Netlink.ErrnoText(sendErrno);
        }

        int added = 0;
        while (true)
        {
            int length = Netlink.Receive(_socket, _receive, out int errno);
            if (length < 0)
            {
                // Whatever is left of this dump would confuse the next one; start over with a new socket.
                DropSocket();
                return $"receive failed after {added} sockets: {Netlink.ErrnoText(errno)}";
            }
            if (length == 0)
            {
                DropSocket();
                return $"dump ended without NLMSG_DONE after {added} sockets";
            }

            var outcome = ParseDatagram(_receive.AsSpan(0, length), sequence, proto, family, into, counters, ref added);
            if (outcome.Done)
            {
                if (outcome.Desynchronized)
                    DropSocket();
                return outcome.Problem;
            }
        }
    }

    private void DropSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    /// <summary>Desynchronized: the stream can no longer be trusted, so the socket must be replaced.</summary>
    internal readonly record struct DatagramOutcome(bool Done, string? Problem, bool Desynchronized = false);

    /// <summary>idiag_ext bit asking for INET_DIAG_INFO (struct tcp_info) after each message.</summary>
    internal const byte InfoExtension = 1 << (TcpInfoReader.InetDiagInfo - 1);

    internal static void BuildRequest(Span<byte> request, uint sequence, Proto proto, byte family, byte extensions = 0)
    {
        request.Clear();
        // nlmsghdr: len, type, flags, seq, pid (0: the kernel)
        MemoryMarshal.Write(request, RequestSize);
        MemoryMarshal.Write(request[4..], SOCK_DIAG_BY_FAMILY);
        MemoryMarshal.Write(request[6..], (ushort)(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        MemoryMarshal.Write(request[8..], sequence);
        // inet_diag_req_v2: family, protocol, ext, pad, states; the zeroed sockid matches everything.
        Span<byte> req = request[Netlink.NlMsgHdrSize..];
        req[0] = family == 4 ? AF_INET : AF_INET6;
        req[1] = (byte)proto;
        req[2] = extensions;
        MemoryMarshal.Write(req[4..], uint.MaxValue);
    }

    /// <summary>
    /// Walks the netlink messages of one datagram, adding each inet_diag_msg. Done when NLMSG_DONE or
    /// NLMSG_ERROR ends the dump; Problem is set when it ended badly.
    /// </summary>
    internal static DatagramOutcome ParseDatagram(ReadOnlySpan<byte> datagram, uint sequence, Proto proto, byte family,
        List<SocketEntry> into, ref int added) => ParseDatagram(datagram, sequence, proto, family, into, null, ref added);

    /// <summary>As above, into <paramref name="into"/> or, for a tcp_info dump, into <paramref name="counters"/>.</summary>
    internal static DatagramOutcome ParseDatagram(ReadOnlySpan<byte> datagram, uint sequence, Proto proto, byte family,
        List<SocketEntry>? into, List<TcpSocketCounters>? counters, ref int added)
    {
        int offset = 0;
        while (datagram.Length - offset >= Netlink.NlMsgHdrSize)
        {
            ReadOnlySpan<byte> header = datagram[offset..];
            uint length = MemoryMarshal.Read<uint>(header);
            ushort type = MemoryMarshal.Read<ushort>(header[4..]);
            uint seq = MemoryMarshal.Read<uint>(header[8..]);
            if (length < Netlink.NlMsgHdrSize || length > datagram.Length - offset)
                return new(true, $"malformed netlink message (length {length}) after {added} sockets", Desynchronized: true);

            ReadOnlySpan<byte> payload = header.Slice(Netlink.NlMsgHdrSize, (int)length - Netlink.NlMsgHdrSize);
            // Messages from an earlier, abandoned dump carry an older sequence number.
            if (seq == sequence)
            {
                switch (type)
                {
                    case Netlink.NLMSG_DONE:
                        // Since 4.x the DONE payload is the dump's final status; negative is an errno.
                        if (payload.Length >= 4 && MemoryMarshal.Read<int>(payload) is < 0 and int status)
                            return new(true, $"dump failed after {added} sockets: {Netlink.ErrnoText(-status)}");
                        return new(true, null);
                    case Netlink.NLMSG_ERROR:
                        int error = payload.Length >= 4 ? MemoryMarshal.Read<int>(payload) : 0;
                        // ENOENT: no handler for this protocol (udp_diag / inet_diag not built or loaded).
                        return new(true, error == 0 ? null : Netlink.ErrnoText(-error));
                    case SOCK_DIAG_BY_FAMILY:
                        if (counters is not null)
                        {
                            if (TryParseCounters(payload, out var withCounters))
                            {
                                counters.Add(withCounters);
                                added++;
                            }
                        }
                        else if (payload.Length >= DiagMsgSize && TryParseDiagMessage(payload, proto, out var entry))
                        {
                            into?.Add(entry);
                            added++;
                        }
                        break;
                }
            }
            offset += (int)((length + 3) & ~3u);
        }
        return new(false, null);
    }

    /// <summary>inet_diag_msg: family, state, timer, retrans, then inet_diag_sockid (sport, dport big-endian,
    /// src[16], dst[16], if, cookie[2]), expires, rqueue, wqueue, uid, inode (host order).</summary>
    internal static bool TryParseDiagMessage(ReadOnlySpan<byte> msg, Proto proto, out SocketEntry entry)
    {
        byte family;
        NetAddress local, remote;
        switch (msg[0])
        {
            case AF_INET:
                family = 4;
                local = NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(msg[8..]));
                remote = NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(msg[24..]));
                break;
            case AF_INET6:
                family = 6;
                local = NetAddress.FromV6(msg.Slice(8, 16));
                remote = NetAddress.FromV6(msg.Slice(24, 16));
                break;
            default:
                entry = default;
                return false;
        }
        entry = new SocketEntry(
            proto,
            family,
            local,
            BinaryPrimitives.ReadUInt16BigEndian(msg[4..]),
            remote,
            BinaryPrimitives.ReadUInt16BigEndian(msg[6..]),
            (SocketState)msg[1],
            Uid: MemoryMarshal.Read<uint>(msg[64..]),
            Inode: MemoryMarshal.Read<uint>(msg[68..]),
            TxQueue: MemoryMarshal.Read<uint>(msg[60..]),
            RxQueue: MemoryMarshal.Read<uint>(msg[56..]));
        return true;
    }

    /// <summary>A TCP inet_diag_msg with its tcp_info counters and cookie (idiag_cookie: two host-order words at 44,
    /// low word first); false without INET_DIAG_INFO.</summary>
    internal static bool TryParseCounters(ReadOnlySpan<byte> payload, out TcpSocketCounters counters)
    {
        if (payload.Length < DiagMsgSize
            || !TcpInfoReader.TryRead(payload, out long acked, out long received, out long sent, out long segsOut, out long segsIn)
            || !TryParseDiagMessage(payload, Proto.Tcp, out var entry))
        {
            counters = default;
            return false;
        }
        ulong cookie = MemoryMarshal.Read<uint>(payload[44..]) | (ulong)MemoryMarshal.Read<uint>(payload[48..]) << 32;
        counters = new TcpSocketCounters(entry, cookie, acked, received, sent, segsOut, segsIn);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        DropSocket();
    }
}
