namespace VpsTop.Core.Traffic;

/// <summary>
/// Several interfaces captured as one source: each <see cref="PcapFlowCapture"/> keeps its own thread and its own
/// counters (still no lock per packet), and <see cref="TakeInterval"/> sums their intervals into one. A packet that
/// crosses two captured interfaces (routed or bridged between them) is counted on each; the default interface choice
/// (<see cref="CaptureInterfaces"/>) avoids such pairs. Not thread-safe: one reader.
/// </summary>
public sealed class MultiFlowCapture : IFlowSource
{
    private readonly IReadOnlyList<PcapFlowCapture> _captures;
    private readonly CaptureDrops[] _drops;
    private Dictionary<FlowKey, FlowCount> _merged = new(4096);
    private Dictionary<FlowKey, FlowCount> _spare = new(4096);
    private ManualResetEventSlim? _newFlowSignal;

    private MultiFlowCapture(IReadOnlyList<PcapFlowCapture> captures)
    {
        _captures = captures;
        _drops = new CaptureDrops[captures.Count];
        Device = string.Join("+", captures.Select(c => c.Device));
        Description = $"capture on {string.Join(", ", captures.Select(c => c.Device))} (wire bytes)";
    }

    /// <summary>Opens every interface; if one cannot be opened, closes the others and throws its
    /// <see cref="CaptureUnavailableException"/>.</summary>
    public static MultiFlowCapture Open(IReadOnlyList<string> interfaceNames, int bufferBytes = 4 << 20, string filter = "ip or ip6")
    {
        ArgumentNullException.ThrowIfNull(interfaceNames);
        if (interfaceNames.Count == 0)
            throw new CaptureUnavailableException(CaptureFailure.NoInterface, "no interface to capture: name one with --interface");
        var opened = new List<PcapFlowCapture>(interfaceNames.Count);
        try
        {
            foreach (string name in interfaceNames.Distinct(StringComparer.Ordinal))
                opened.Add(PcapFlowCapture.Open(name, bufferBytes, filter));
        }
        catch
        {
            foreach (var c in opened) c.Dispose();
            throw;
        }
        return new MultiFlowCapture(opened);
    }

    public IReadOnlyList<string> Interfaces => _captures.Select(c => c.Device).ToList();
    public string Device { get; }
    public string Description { get; }

    /// <summary>Kernel drops (ps_drop) summed over the interfaces.</summary>
    public long KernelDrops
    {
        get
        {
            long sum = 0;
            foreach (var c in _captures) sum += c.KernelDrops;
            return sum;
        }
    }

    /// <summary>Per-interface drops since opening, in <see cref="Interfaces"/> order; the array is reused.</summary>
    public IReadOnlyList<CaptureDrops> Drops
    {
        get
        {
            for (int i = 0; i < _captures.Count; i++) _drops[i] = _captures[i].Drops;
            return _drops;
        }
    }

    public ManualResetEventSlim? NewFlowSignal
    {
        get => _newFlowSignal;
        set
        {
            _newFlowSignal = value;
            foreach (var c in _captures) c.NewFlowSignal = value;
        }
    }

    public void Start()
    {
        foreach (var c in _captures) c.Start();
    }

    /// <summary>The sum of every interface's counters since the previous call, valid until the next call.</summary>
    public FlowInterval TakeInterval()
    {
        // Two dictionaries take turns, as in each capture: steady state allocates nothing but the interval record.
        (_merged, _spare) = (_spare, _merged);
        _merged.Clear();
        long packets = 0, bytes = 0, notIp = 0;
        TimeSpan duration = TimeSpan.Zero;
        foreach (var capture in _captures)
        {
            var part = capture.TakeInterval();
            foreach (var (flow, count) in part.Flows)
            {
                ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_merged, flow, out _);
                sum.Packets += count.Packets;
                sum.Bytes += count.Bytes;
            }
            packets += part.Packets;
            bytes += part.Bytes;
            notIp += part.NotIp;
            if (part.Duration > duration) duration = part.Duration;
        }
        return new FlowInterval(_merged, packets, bytes, notIp, duration, Description);
    }

    public void Dispose()
    {
        foreach (var c in _captures) c.Dispose();
    }
}
