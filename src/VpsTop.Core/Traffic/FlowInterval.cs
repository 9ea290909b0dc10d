namespace VpsTop.Core.Traffic;

/// <summary>Packets and wire bytes of one flow in one interval.</summary>
public record struct FlowCount(long Packets, long Bytes);

/// <summary>Everything one source saw between two reads: per-flow counters plus what it could not place.
/// <paramref name="Source"/> says what was measured ("capture on eth0 (wire bytes)", "tcp_info (TCP payload only, no
/// UDP)"), because the two differ by header overhead and by what they can see at all.</summary>
public sealed record FlowInterval(
    IReadOnlyDictionary<FlowKey, FlowCount> Flows,
    long Packets,
    long Bytes,
    long NotIp,
    TimeSpan Duration,
    string Source = "");

/// <summary>Why capturing is impossible, in words the admin can act on (not root, no such interface, no libpcap), and
/// as a <see cref="CaptureFailure"/> the CLI maps to an exit code.</summary>
public sealed class CaptureUnavailableException : Exception
{
    public CaptureUnavailableException(CaptureFailure cause, string message, Exception? inner = null) : base(message, inner) =>
        Cause = cause;

    public CaptureUnavailableException(string message, Exception? inner = null) : this(CaptureFailure.Other, message, inner) { }

    public CaptureFailure Cause { get; }
}
