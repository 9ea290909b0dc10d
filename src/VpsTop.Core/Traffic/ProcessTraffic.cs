using VpsTop.Core.Processes;

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
