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
    public const string HalfOpen = "half-open connections (SYN_RECV): a SYN flood or a port scan";
    public const string TimeWait = "closed connections (TIME_WAIT): the process already closed them";
    public const string NoSocket =
        "no socket in this namespace: scans of closed ports, dropped packets, or a socket hidden from /proc and netlink";
    public const string OtherNamespace =
        "neither end is an address of this host: another network namespace (container) or forwarded traffic";
    public const string OwnerUnknown = "sockets whose process is not known (another user's, without root)";
    public const string OtherProtocol = "ICMP and other protocols: pings, errors, tunnels — no port to tie them to a socket";

    /// <summary>Attributes one interval against one socket table alone.</summary>
    public IReadOnlyList<ProcessTraffic> Attribute(FlowInterval interval, ConnectionsSnapshot sockets) =>
        Attribute(interval, SocketIndex.Of(sockets)).Processes;

    public AttributedInterval Attribute(FlowInterval interval, SocketIndex sockets)
    {
        var rows = new Dictionary<(int Pid, ulong Start), (ProcessIdentity Process, long Sent, long Received, long Packets)>();
        var unknown = new Dictionary<string, (long Sent, long Received, long Packets)>(StringComparer.Ordinal);
        var conversations = new Dictionary<ConversationKey, ConversationTraffic>();
        foreach (var (flow, count) in interval.Flows)
        {
            // The sending end, if the source is one of our sockets; the receiving end, if the destination is.
            var sender = sockets.Find(flow.Protocol, flow.Source, flow.SourcePort, flow.Destination, flow.DestinationPort,
                out var senderRule);
            var receiver = sockets.Find(flow.Protocol, flow.Destination, flow.DestinationPort, flow.Source, flow.SourcePort,
                out var receiverRule);
            bool credited = false;
            if (sender is { Owners.Count: > 0 })
            {
                Credit(rows, sender.Owners[0], sent: count.Bytes, received: 0, count.Packets);
                Converse(conversations, ConversationKey.From(flow, localIsSource: true), sender.Owners[0], null, senderRule, count.Bytes,
                    0);
                credited = true;
            }
            if (receiver is { Owners.Count: > 0 })
            {
                Credit(rows, receiver.Owners[0], sent: 0, received: count.Bytes, credited ? 0 : count.Packets);
                Converse(conversations, ConversationKey.From(flow, localIsSource: false), receiver.Owners[0], null, receiverRule, 0,
                    count.Bytes);
                credited = true;
            }
            if (credited) continue;

            string reason = flow.Protocol is not (FlowKey.Tcp or FlowKey.Udp) ? OtherProtocol : (sender ?? receiver)?.Socket.State switch
            {
                SocketState.SynRecv or SocketState.NewSynRecv => HalfOpen,
                SocketState.TimeWait => TimeWait,
                null => sockets.IsLocalAddress(flow.Source) || sockets.IsLocalAddress(flow.Destination) ? NoSocket : OtherNamespace,
                _ => OwnerUnknown,
            };
            bool outgoing = sender is not null || (receiver is null && sockets.IsLocalAddress(flow.Source));
            var (s, r, p) = unknown.GetValueOrDefault(reason);
            unknown[reason] = outgoing ? (s + count.Bytes, r, p + count.Packets) : (s, r + count.Bytes, p + count.Packets);
            Converse(conversations, ConversationKey.From(flow, localIsSource: outgoing), null, reason, AttributionRule.Unknown,
                outgoing ? count.Bytes : 0, outgoing ? 0 : count.Bytes);
        }

        var result = new List<ProcessTraffic>(rows.Count + unknown.Count);
        foreach (var (_, r) in rows) result.Add(new ProcessTraffic(r.Process, null, r.Sent, r.Received, r.Packets));
        foreach (var (reason, u) in unknown) result.Add(new ProcessTraffic(null, reason, u.Sent, u.Received, u.Packets));
        result.Sort((a, b) => b.TotalBytes.CompareTo(a.TotalBytes));
        return new AttributedInterval(result, [.. conversations.Values], interval);
    }

    private static void Credit(Dictionary<(int, ulong), (ProcessIdentity, long, long, long)> rows, ProcessIdentity owner, long sent,
        long received, long packets)
    {
        var key = (owner.Pid, owner.StartTimeTicks);
        var (p, s, r, n) = rows.GetValueOrDefault(key, (owner, 0, 0, 0));
        rows[key] = (p, s + sent, r + received, n + packets);
    }

    private static void Converse(Dictionary<ConversationKey, ConversationTraffic> conversations, ConversationKey key,
        ProcessIdentity? owner, string? reason, AttributionRule rule, long sent, long received)
    {
        if (conversations.TryGetValue(key, out var c))
            conversations[key] = c with { SentBytes = c.SentBytes + sent, ReceivedBytes = c.ReceivedBytes + received };
        else
            conversations[key] = new ConversationTraffic(key, owner, reason, rule, sent, received);
    }
}
