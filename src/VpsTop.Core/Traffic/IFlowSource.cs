namespace VpsTop.Core.Traffic;

/// <summary>Something that counts bytes per flow and hands them over an interval at a time: a packet capture on
/// one interface, or the kernel's per-socket TCP counters when capturing is impossible.</summary>
public interface IFlowSource : IDisposable
{
    /// <summary>Short name for the DEV column: the interface, or "tcp_info".</summary>
    string Device { get; }

    /// <summary>What is measured, in words, shown in the pane header.</summary>
    string Description { get; }

    /// <summary>Packets lost before counting (kernel buffer full) since start.</summary>
    long KernelDrops { get; }

    void Start();

    /// <summary>The counters since the previous call, valid until the next call.</summary>
    FlowInterval TakeInterval();

    /// <summary>Set when a flow not seen in the previous interval appears, so its socket can be looked up while
    /// its process still lives. May be null for sources that cannot tell.</summary>
    ManualResetEventSlim? NewFlowSignal { get; set; }
}
