using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Suspicion;

namespace VpsTop.Core.Traffic;

/// <summary>Opens the captures for the chosen interfaces (or the default-route ones) and wires the collector.</summary>
public static class BandwidthPipeline
{
    /// <summary>Throws <see cref="CaptureUnavailableException"/> naming the cause when no interface can be captured.</summary>
    public static BandwidthCollector Open(SystemRoot root, IReadOnlyList<string>? interfaces, TimeSpan? tick = null)
    {
        var names = interfaces is { Count: > 0 } ? interfaces : DefaultInterfaces(root);
        if (names.Count == 0)
            throw new CaptureUnavailableException(CaptureFailure.NoInterface,
                "no default route, so no interface to capture: name one with --interface");
        var sources = new List<IFlowSource>(names.Count);
        try
        {
            foreach (string name in names) sources.Add(PcapFlowCapture.Open(name));
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
        var reader = new ProcessReader(root);
        return new BandwidthCollector(sources, SocketSources.Create(root), reader, tick,
            localAddresses: root.IsLive ? LiveInterfaceAddresses : null, suspicion: new SuspicionAnalyzer(root, new PackageDatabase(root)));
    }

    /// <summary>
    /// The capture-free pipeline, for when <see cref="Open"/> threw: per-socket TCP counters (<see cref="TcpCounterSampler"/>),
    /// labelled TCP-only, with <paramref name="why"/> as the status's Unavailable text so the pane says why it is not a
    /// capture. Needs no privilege; only the live system can be asked.
    /// </summary>
    public static BandwidthCollector OpenTcpFallback(SystemRoot root, CaptureUnavailableException why, TimeSpan? tick = null)
    {
        ArgumentNullException.ThrowIfNull(why);
        var sampler = new TcpCounterSampler(root);
        string unavailable = sampler.DestroyEventsProblem is string problem
            ? $"{why.Message}; connections that close between refreshes lose their last bytes ({problem})"
            : why.Message;
        var status = new TrafficSourceStatus { Description = TcpCounterSampler.Scope, Unavailable = unavailable };
        return new BandwidthCollector([sampler], SocketSources.Create(root), new ProcessReader(root), tick, status,
            localAddresses: root.IsLive ? LiveInterfaceAddresses : null, suspicion: new SuspicionAnalyzer(root, new PackageDatabase(root)));
    }

    /// <summary>Addresses of this network namespace's interfaces (getifaddrs).</summary>
    private static IEnumerable<NetAddress> LiveInterfaceAddresses()
    {
        var found = new List<NetAddress>();
        try
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                    found.Add(NetAddress.FromIPAddress(a.Address));
        }
        catch (System.Net.NetworkInformation.NetworkInformationException) { }
        return found;
    }

    /// <summary>Names of the interfaces <see cref="CaptureInterfaces.Choose"/> picks (default routes, tun, WireGuard).</summary>
    public static IReadOnlyList<string> DefaultInterfaces(SystemRoot root) =>
        CaptureInterfaces.Choose(root).Select(c => c.Name).ToList();
}
