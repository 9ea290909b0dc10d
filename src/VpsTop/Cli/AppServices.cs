using VpsTop.Core.Actions;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Cli;

/// <summary>The collectors and actions one run uses, built once for a system root. The CLI verbs and the
/// TUI take the same services, so both render the same snapshots and run the same safety rules.</summary>
internal sealed class AppServices(SystemRoot root, Func<ConnectionsSnapshot> collectConnections, IProcessInspector inspector,
    IProcessKiller killer)
{
    /// <summary>Opens the packet captures (named interfaces, or the default-route ones); throws
    /// <see cref="Core.Traffic.CaptureUnavailableException"/> naming the cause.</summary>
    public Func<IReadOnlyList<string>?, Core.Traffic.BandwidthCollector> OpenBandwidth { get; init; } =
        interfaces => Core.Traffic.BandwidthPipeline.Open(root, interfaces);

    /// <summary>The capture-free collector (per-socket TCP counters from netlink), labelled with why capture is not used.</summary>
    public Func<Core.Traffic.CaptureUnavailableException, Core.Traffic.BandwidthCollector> OpenTcpFallback { get; init; } =
        why => Core.Traffic.BandwidthPipeline.OpenTcpFallback(root, why);

    public SystemRoot Root { get; } = root;
    public Func<ConnectionsSnapshot> CollectConnections { get; } = collectConnections;
    public IProcessInspector Inspector { get; } = inspector;
    public IProcessKiller Killer { get; } = killer;
}
