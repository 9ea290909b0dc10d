namespace VpsTop.Core.Traffic;

/// <summary>Packets and wire bytes of one flow in one interval.</summary>
public record struct FlowCount(long Packets, long Bytes);

/// <summary>Everything one capture saw between two reads: per-flow counters plus what it could not place.</summary>
public sealed record FlowInterval(
    IReadOnlyDictionary<FlowKey, FlowCount> Flows,
    long Packets,
    long Bytes,
    long NotIp,
    TimeSpan Duration);

/// <summary>Why capturing is impossible, in words the admin can act on (not root, no such interface, no libpcap).</summary>
public sealed class CaptureUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
