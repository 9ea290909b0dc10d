using System.Diagnostics;
using SharpPcap;
using SharpPcap.LibPcap;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Captures one interface with libpcap and counts wire bytes per flow. One dedicated thread reads packets and
/// owns the current counters: no lock per packet. A reader takes an interval with a handshake — it raises a
/// flag, the capture thread hands over its dictionary at the next packet or read timeout and starts a spare one.
/// </summary>
public sealed class PcapFlowCapture : IFlowSource
{
    /// <summary>Ethernet + 2 VLAN tags + IPv6 + TCP with options fit in 128 bytes; payload is never needed.</summary>
    public const int SnapLength = 128;

    private readonly LibPcapLiveDevice _device;
    private readonly LinkType _link;
    private readonly ManualResetEventSlim _handedOver = new(false);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Dictionary<FlowKey, FlowCount> _current = new(4096);
    private Dictionary<FlowKey, FlowCount> _spare = new(4096);
    private long _packets, _bytes, _notIp;
    private TimeSpan _intervalStart;
    private volatile bool _swapRequested;
    private volatile bool _stop;
    private FlowInterval? _handedInterval;
    private Thread? _thread;

    private PcapFlowCapture(LibPcapLiveDevice device)
    {
        _device = device;
        _link = (LinkType)(int)device.LinkType;
    }

    public string Device => _device.Name;
    public string Description => $"capture on {_device.Name} (wire bytes)";
    public long KernelDrops => Statistics.Dropped;
    public ManualResetEventSlim? NewFlowSignal { get; set; }

    /// <summary>Opens <paramref name="interfaceName"/> with a small snaplen, a large kernel buffer and
    /// immediate delivery, filtered to IP. Throws <see cref="CaptureUnavailableException"/> naming the cause: the
    /// interface and the privilege are checked first, so those causes are named even when libpcap is missing too.</summary>
    public static PcapFlowCapture Open(string interfaceName, int bufferBytes = 4 << 20, string filter = "ip or ip6")
    {
        CapturePrerequisites.Check(Platform.SystemRoot.Live, interfaceName);
        IReadOnlyList<PcapInterface> interfaces;
        try { interfaces = PcapInterface.GetAllPcapInterfaces(); }
        catch (Exception e) when (IsMissingLibrary(e))
        {
            throw new CaptureUnavailableException(CaptureFailure.NoLibpcap, "libpcap is not installed: apt install libpcap0.8", e);
        }
        catch (PcapException e)
        {
            throw Classify(interfaceName, e);
        }
        var match = interfaces.FirstOrDefault(i => i.Name == interfaceName)
            ?? throw new CaptureUnavailableException(CaptureFailure.NoSuchInterface,
                $"libpcap does not list interface {Text.SafeText.Sanitize(interfaceName, 40)} (have: "
                    + $"{string.Join(", ", interfaces.Select(i => Text.SafeText.Sanitize(i.Name, 40)))})");
        var device = new LibPcapLiveDevice(match);
        try
        {
            device.Open(new DeviceConfiguration
            {
                Snaplen = SnapLength,
                Mode = DeviceModes.None,
                ReadTimeout = 50,
                BufferSize = bufferBytes,
                // Not immediate: a wakeup per packet (TPACKET_V2) cost 2× the CPU of block delivery in a flood, and
                // 50 ms of delay is nothing next to a 1 s refresh.
                Immediate = false,
            });
            device.Filter = filter;
            Platform.LibPcapNative.CloseOnExec(device.Handle.DangerousGetHandle());
        }
        catch (PcapException e)
        {
            device.Dispose();
            throw Classify(interfaceName, e);
        }
        return new PcapFlowCapture(device);
    }

    private static bool IsMissingLibrary(Exception e) =>
        e is DllNotFoundException or EntryPointNotFoundException
        || e is TypeInitializationException { InnerException: { } inner } && IsMissingLibrary(inner);

    /// <summary>libpcap's error text, mapped to a cause; the text itself is sanitized (it can quote the name).</summary>
    private static CaptureUnavailableException Classify(string interfaceName, PcapException e)
    {
        string name = Text.SafeText.Sanitize(interfaceName, 40);
        string text = Text.SafeText.Sanitize(e.Message, 300);
        if (text.Contains("ermission", StringComparison.Ordinal) || text.Contains("not permitted", StringComparison.Ordinal))
            return new(CaptureFailure.NotPermitted, $"no permission to capture on {name}: run as root or grant CAP_NET_RAW", e);
        if (text.Contains("No such device", StringComparison.Ordinal) || text.Contains("doesn't exist", StringComparison.Ordinal))
            return new(CaptureFailure.NoSuchInterface, $"no such interface: {name}", e);
        if (text.Contains("is not up", StringComparison.Ordinal) || text.Contains("Network is down", StringComparison.Ordinal))
            return new(CaptureFailure.InterfaceDown, $"interface {name} is down", e);
        return new(CaptureFailure.Other, $"cannot capture on {name}: {text}", e);
    }

    public void Start()
    {
        if (_thread is not null) return;
        _intervalStart = _clock.Elapsed;
        _thread = new Thread(Loop) { IsBackground = true, Name = "vpstop-capture-" + _device.Name };
        _thread.Start();
    }

    /// <summary>The counters since the previous call, valid until the next call (the dictionaries are reused).
    /// Waits at most one read timeout for the capture thread.</summary>
    public FlowInterval TakeInterval()
    {
        _handedOver.Reset();
        _swapRequested = true;
        if (!_handedOver.Wait(TimeSpan.FromSeconds(2)))
            throw new InvalidOperationException("the capture thread did not answer");
        var interval = _handedInterval!;
        _handedInterval = null;
        return interval;
    }

    /// <summary>This interface's drops since it was opened, for the pane's "capture dropped N packets".</summary>
    public CaptureDrops Drops
    {
        get
        {
            var (_, dropped, interfaceDropped) = Statistics;
            return new CaptureDrops(Device, dropped, interfaceDropped);
        }
    }

    /// <summary>Kernel drops (buffer full) and interface drops since the device was opened.</summary>
    public (long Received, long Dropped, long InterfaceDropped) Statistics
    {
        get
        {
            var s = _device.Statistics;
            return (s.ReceivedPackets, s.DroppedPackets, s.InterfaceDroppedPackets);
        }
    }

    private unsafe void Loop()
    {
        // pcap_next_ex directly, non-blocking: SharpPcap's GetNextPacket polls the descriptor before every packet (a
        // syscall per packet, most of the capture's CPU in a flood) and allocates a header object. Here the ring is
        // drained without syscalls and poll() is called only when it is empty — with a timeout, because with
        // TPACKET_V3 a blocking read never returns while no packet arrives, and a swap or a stop must be answered.
        nint pcap = _device.Handle.DangerousGetHandle();
        int fd = Platform.LibPcapNative.MakeNonBlocking(pcap);
        var wait = new Platform.Libc.PollFd { Fd = fd, Events = Platform.Libc.POLLIN };
        nint header = 0, data = 0;
        while (!_stop)
        {
            int status = Platform.LibPcapNative.NextPacket(pcap, &header, &data);
            if (status == 1)
            {
                // struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; } on 64-bit Linux.
                uint captured = *(uint*)((byte*)header + 16);
                uint wire = *(uint*)((byte*)header + 20);
                Count(new ReadOnlySpan<byte>((void*)data, (int)captured), wire);
            }
            else if (status == 0)
            {
                if (fd >= 0) Platform.Libc.poll(&wait, 1, 50);
                else Thread.Sleep(20);
            }
            else break; // error (-1) or the device was closed (-2)
            if (_swapRequested) HandOver();
        }
        if (_swapRequested) HandOver();
    }

    private void Count(ReadOnlySpan<byte> frame, uint wire)
    {
        // The wire length, not the captured length: with a 128-byte snaplen the data is only the headers.
        _packets++;
        _bytes += wire;
        if (!PacketHeaderParser.TryParse(frame, _link, out var packet))
        {
            _notIp++;
            return;
        }
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_current, packet.Flow, out bool seen);
        // A flow the previous interval did not have: wake the collector so it finds the socket while its process
        // lives. _spare is the interval handed out last, which the reader only reads, so this read is safe.
        if (!seen && NewFlowSignal is { IsSet: false } signal && !_spare.ContainsKey(packet.Flow)) signal.Set();
        count.Packets++;
        count.Bytes += wire;
    }

    private void HandOver()
    {
        var now = _clock.Elapsed;
        var handed = _current;
        _handedInterval = new FlowInterval(handed, _packets, _bytes, _notIp, now - _intervalStart, Description);
        // Two dictionaries take turns, so steady capture allocates nothing: the one handed out last time is
        // reused now, which is why an interval is only valid until the next TakeInterval.
        _current = _spare;
        _current.Clear();
        _spare = handed;
        _packets = _bytes = _notIp = 0;
        _intervalStart = now;
        _swapRequested = false;
        _handedOver.Set();
    }

    public void Dispose()
    {
        _stop = true;
        // The loop reads through the raw pcap_t: close it only once the loop has certainly left (it polls in 50 ms
        // steps, so this is immediate unless the thread is wedged — then leaking the handle beats a use-after-free).
        if (_thread is null || _thread.Join(TimeSpan.FromSeconds(5)))
        {
            _device.Dispose();
            _handedOver.Dispose();
        }
    }
}
