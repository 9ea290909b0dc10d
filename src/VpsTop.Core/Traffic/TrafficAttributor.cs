using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Credits each flow of an interval to the processes owning its sockets: the exact 4-tuple first, then a
/// listening TCP or unconnected UDP socket on the local port, else an "unknown" bucket that says why (half-open,
/// TIME_WAIT, no socket at all) — because "is unknown a backdoor?" is the question users ask. A flow between two
/// local sockets (loopback) is credited to both ends: sent by one, received by the other.
/// </summary>
public sealed class TrafficAttributor
{
    private readonly record struct TupleKey(byte Protocol, NetAddress Local, ushort LocalPort, NetAddress Remote, ushort RemotePort);
    private readonly record struct PortKey(byte Protocol, NetAddress Local, ushort LocalPort);

    public const string HalfOpen = "half-open connections (SYN_RECV): a SYN flood or a port scan";
    public const string TimeWait = "closed connections (TIME_WAIT): the process already closed them";
    public const string NoSocket = "no local socket: scans, dropped or forwarded traffic, or another network namespace";

    public IReadOnlyList<ProcessTraffic> Attribute(FlowInterval interval, ConnectionsSnapshot sockets)
    {
        var exact = new Dictionary<TupleKey, Connection>(sockets.Connections.Count);
        var listeners = new Dictionary<PortKey, Connection>();
        foreach (var c in sockets.Connections)
        {
            var s = c.Socket;
            byte protocol = (byte)s.Proto;
            // Dual-stack sockets show IPv4 peers as ::ffff:a.b.c.d; on the wire they are plain IPv4.
            var local = s.LocalAddress.Folded;
            if (s.IsListening)
            {
                listeners.TryAdd(new PortKey(protocol, local, s.LocalPort), c);
                continue;
            }
            exact.TryAdd(new TupleKey(protocol, local, s.LocalPort, s.RemoteAddress.Folded, s.RemotePort), c);
        }

        var rows = new Dictionary<(int Pid, ulong Start), (ProcessIdentity Process, long Sent, long Received, long Packets)>();
        var unknown = new Dictionary<string, (long Bytes, long Packets)>(StringComparer.Ordinal);
        foreach (var (flow, count) in interval.Flows)
        {
            // The sending end, if the source is one of our sockets; the receiving end, if the destination is.
            var sender = Find(exact, listeners, flow.Protocol, flow.Source, flow.SourcePort, flow.Destination, flow.DestinationPort);
            var receiver = Find(exact, listeners, flow.Protocol, flow.Destination, flow.DestinationPort, flow.Source, flow.SourcePort);
            bool credited = false;
            if (sender is { Owners.Count: > 0 } && sender.Socket.State != SocketState.TimeWait)
            {
                Credit(rows, sender.Owners[0], sent: count.Bytes, received: 0, count.Packets);
                credited = true;
            }
            if (receiver is { Owners.Count: > 0 } && receiver.Socket.State != SocketState.TimeWait)
            {
                Credit(rows, receiver.Owners[0], sent: 0, received: count.Bytes, credited ? 0 : count.Packets);
                credited = true;
            }
            if (credited) continue;
            string reason = (sender ?? receiver)?.Socket.State switch
            {
                SocketState.SynRecv or SocketState.NewSynRecv => HalfOpen,
                SocketState.TimeWait => TimeWait,
                null => NoSocket,
                _ => "sockets whose process is not known (another user's, without root)",
            };
            var (bytes, packets) = unknown.GetValueOrDefault(reason);
            unknown[reason] = (bytes + count.Bytes, packets + count.Packets);
        }

        var result = new List<ProcessTraffic>(rows.Count + unknown.Count);
        foreach (var (_, r) in rows) result.Add(new ProcessTraffic(r.Process, null, r.Sent, r.Received, r.Packets));
        foreach (var (reason, u) in unknown) result.Add(new ProcessTraffic(null, reason, 0, u.Bytes, u.Packets));
        result.Sort((a, b) => b.TotalBytes.CompareTo(a.TotalBytes));
        return result;
    }

    private static Connection? Find(Dictionary<TupleKey, Connection> exact, Dictionary<PortKey, Connection> listeners,
        byte protocol, NetAddress local, ushort localPort, NetAddress remote, ushort remotePort)
    {
        if (protocol is not (FlowKey.Tcp or FlowKey.Udp)) return null;
        if (exact.TryGetValue(new TupleKey(protocol, local, localPort, remote, remotePort), out var c)) return c;
        if (listeners.TryGetValue(new PortKey(protocol, local, localPort), out c)) return c;
        // A wildcard listener (0.0.0.0 or ::, which also takes IPv4 when dual-stack) on the port.
        var any4 = new NetAddress(UInt128.Zero, 4);
        var any6 = new NetAddress(UInt128.Zero, 6);
        if (local.Family == 4 && listeners.TryGetValue(new PortKey(protocol, any4, localPort), out c)) return c;
        return listeners.TryGetValue(new PortKey(protocol, any6, localPort), out c) ? c : null;
    }

    private static void Credit(Dictionary<(int, ulong), (ProcessIdentity, long, long, long)> rows, ProcessIdentity owner, long sent, long received, long packets)
    {
        var key = (owner.Pid, owner.StartTimeTicks);
        var (p, s, r, n) = rows.GetValueOrDefault(key, (owner, 0, 0, 0));
        rows[key] = (p, s + sent, r + received, n + packets);
    }
}
