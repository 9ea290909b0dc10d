using System.Diagnostics;
using System.Runtime.InteropServices;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// The capture-free bandwidth source: each <see cref="TakeInterval"/> dumps every TCP socket's tcp_info through
/// INET_DIAG and turns the growth of its counters since the previous call into flows — local→remote from
/// bytes_acked, remote→local from bytes_received (each one byte high for a SYN or FIN in the interval) — so the same
/// <see cref="TrafficAttributor"/> credits them. Counters are kept per socket cookie, so a new connection reusing
/// a 4-tuple starts from zero. Sockets that close between two calls are caught by the destroy events, with their
/// final counters. Measures TCP payload only: no headers, no UDP/ICMP, nothing that never reached a local socket.
/// Needs no privilege. Not thread-safe: one caller.
/// </summary>
public sealed class TcpCounterSampler : IFlowSource
{
    public const string Scope = "tcp_info (TCP payload only, no UDP)";

    // A socket missing from a dump is forgotten only after this many more samples: its destroy event is sent from a
    // workqueue, so it can arrive after a dump that no longer lists the socket.
    private const int KeepMissing = 2;

    private readonly SockDiagSocketSource _diag;
    private readonly TcpDestroyListener? _destroyed;
    private readonly List<TcpSocketCounters> _dump = new(1024);
    private readonly List<TcpSocketCounters> _finals = new(64);
    private readonly Dictionary<ulong, Seen> _previous = new(1024);
    private readonly List<ulong> _forget = [];
    private readonly Dictionary<FlowKey, (long FromSender, long FromReceiver, long Packets)> _both = new(1024);
    private readonly HashSet<FlowKey> _localEnds = new(1024); // (local → remote) of every socket read this sample
    private Dictionary<FlowKey, FlowCount> _flows = new(1024);
    private Dictionary<FlowKey, FlowCount> _spare = new(1024);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _intervalStart;
    private long _generation;
    private bool _started;

    private struct Seen
    {
        public long Out, In, SegsOut, SegsIn, Generation;
    }

    public TcpCounterSampler(SystemRoot root)
    {
        _diag = new SockDiagSocketSource(root);
        _destroyed = TcpDestroyListener.TryOpen(out string? problem);
        DestroyEventsProblem = problem;
    }

    public string Device => "tcp_info";
    public string Description => Scope;
    public long KernelDrops => 0;
    /// <summary>Never set: this source learns of new sockets only when asked for an interval, right after the
    /// collector has read the socket table itself, so an early lookup would find nothing more.</summary>
    public ManualResetEventSlim? NewFlowSignal { get; set; }

    /// <summary>Why closing sockets may lose their last bytes (no destroy events), or null.</summary>
    public string? DestroyEventsProblem { get; }

    /// <summary>Times destroy events were lost (more sockets closed between two samples than the buffer holds).</summary>
    public long DestroyEventsLost => _destroyed?.Overflows ?? 0;

    /// <summary>Problems of the last dump (netlink errors), empty when it was complete.</summary>
    public IReadOnlyList<string> LastProblems { get; private set; } = [];

    /// <summary>Takes the baseline: counters before this call are not counted.</summary>
    public void Start()
    {
        if (_started) return;
        _started = true;
        Sample(count: false);
        _spare.Clear();
        _intervalStart = _clock.Elapsed;
    }

    /// <summary>The growth of every TCP socket's counters since the previous call, valid until the next call.</summary>
    public FlowInterval TakeInterval()
    {
        if (!_started) Start();
        var now = _clock.Elapsed;
        (long packets, long bytes) = Sample(count: true);
        var interval = new FlowInterval(_spare, packets, bytes, 0, now - _intervalStart, Scope);
        _intervalStart = now;
        return interval;
    }

    private (long Packets, long Bytes) Sample(bool count)
    {
        _generation++;
        _both.Clear();
        _localEnds.Clear();
        LastProblems = _diag.ReadTcpCounters(_dump);
        foreach (ref readonly var s in CollectionsMarshal.AsSpan(_dump))
            Account(s, count);
        // Destroy events after the dump: a socket closed during the dump is either in it (then only the bytes after
        // it count) or not (then everything since the previous sample does).
        _finals.Clear();
        _destroyed?.Drain(_finals);
        foreach (ref readonly var s in CollectionsMarshal.AsSpan(_finals))
        {
            Account(s, count);
            _previous.Remove(s.Cookie); // destroyed: no later dump or event can list it again
        }
        _forget.Clear();
        foreach (var (cookie, seen) in _previous)
            if (seen.Generation < _generation - KeepMissing) _forget.Add(cookie);
        foreach (ulong cookie in _forget) _previous.Remove(cookie);

        (_flows, _spare) = (_spare, _flows);
        _spare.Clear();
        long packets = 0, bytes = 0;
        foreach (var (key, c) in _both)
        {
            // A loopback connection has both ends here: each direction is reported by the sender and by the
            // receiver. Count it once, and always from the same end — the receiver's, whenever the receiving socket
            // is one of ours — or the sender's late ACKs would be counted again in the next interval.
            bool receiverIsLocal = _localEnds.Contains(new FlowKey(key.Destination, key.Source, key.DestinationPort, key.SourcePort,
                FlowKey.Tcp));
            long flowBytes = receiverIsLocal ? c.FromReceiver : c.FromSender;
            _spare[key] = new FlowCount(c.Packets, flowBytes);
            packets += c.Packets;
            bytes += flowBytes;
        }
        return (packets, bytes);
    }

    /// <summary>Adds one socket's growth since it was last seen (all of it for a socket not seen before).</summary>
    private void Account(in TcpSocketCounters s, bool count)
    {
        ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(_previous, s.Cookie, out _);
        long dOut = Math.Max(0, s.Outgoing - seen.Out), dIn = Math.Max(0, s.BytesReceived - seen.In);
        long dSegsOut = Math.Max(0, s.SegmentsOut - seen.SegsOut), dSegsIn = Math.Max(0, s.SegmentsIn - seen.SegsIn);
        seen.Out = Math.Max(seen.Out, s.Outgoing);
        seen.In = Math.Max(seen.In, s.BytesReceived);
        seen.SegsOut = Math.Max(seen.SegsOut, s.SegmentsOut);
        seen.SegsIn = Math.Max(seen.SegsIn, s.SegmentsIn);
        seen.Generation = _generation;
        var e = s.Socket;
        var outgoing = new FlowKey(e.LocalAddress, e.RemoteAddress, e.LocalPort, e.RemotePort, FlowKey.Tcp);
        _localEnds.Add(outgoing);
        if (!count || (dOut | dIn | dSegsOut | dSegsIn) == 0) return;
        var incoming = new FlowKey(e.RemoteAddress, e.LocalAddress, e.RemotePort, e.LocalPort, FlowKey.Tcp);
        ref var o = ref CollectionsMarshal.GetValueRefOrAddDefault(_both, outgoing, out _);
        o.FromSender += dOut;
        o.Packets = Math.Max(o.Packets, dSegsOut);
        ref var i = ref CollectionsMarshal.GetValueRefOrAddDefault(_both, incoming, out _);
        i.FromReceiver += dIn;
        i.Packets = Math.Max(i.Packets, dSegsIn);
    }

    public void Dispose()
    {
        _diag.Dispose();
        _destroyed?.Dispose();
    }
}
