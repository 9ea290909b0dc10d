using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>How a flow was tied to a socket: the exact 4-tuple, a listening or unconnected socket on the port,
/// or not at all.</summary>
public enum AttributionRule : byte
{
    Exact,
    Listener,
    Unknown,
}

/// <summary>One row of the Bandwidth view for an interval: a process (or an unknown bucket with its reason)
/// and the wire bytes it sent and received.</summary>
public sealed record ProcessTraffic(ProcessIdentity? Process, string? UnknownReason, long SentBytes, long ReceivedBytes, long Packets)
{
    public long TotalBytes => SentBytes + ReceivedBytes;
}

/// <summary>A connection seen from this host's end: (local, remote) whatever the packet's direction.</summary>
public readonly record struct ConversationKey(byte Protocol, NetAddress Local, ushort LocalPort, NetAddress Remote, ushort RemotePort)
{
    public static ConversationKey From(in FlowKey flow, bool localIsSource) => localIsSource
        ? new(flow.Protocol, flow.Source, flow.SourcePort, flow.Destination, flow.DestinationPort)
        : new(flow.Protocol, flow.Destination, flow.DestinationPort, flow.Source, flow.SourcePort);
}

/// <summary>One connection's bytes in an interval (the iftop -P view), with the process it was credited to and by
/// which rule, or why it could not be.</summary>
public sealed record ConversationTraffic(ConversationKey Key, ProcessIdentity? Process, string? UnknownReason, AttributionRule Rule,
    long SentBytes, long ReceivedBytes);

/// <summary>An interval credited to processes, and to connections for the flows view.</summary>
public sealed record AttributedInterval(IReadOnlyList<ProcessTraffic> Processes, IReadOnlyList<ConversationTraffic> Conversations,
    FlowInterval Interval);
