using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>Opens the captures for the chosen interfaces (or the default-route ones) and wires the collector.</summary>
public static class BandwidthPipeline
{
    /// <summary>Throws <see cref="CaptureUnavailableException"/> naming the cause when no interface can be captured.</summary>
    public static BandwidthCollector Open(SystemRoot root, IReadOnlyList<string>? interfaces, TimeSpan? tick = null)
    {
        var names = interfaces is { Count: > 0 } ? interfaces : DefaultInterfaces(root);
        if (names.Count == 0)
            throw new CaptureUnavailableException(CaptureFailure.NoInterface, "no default route, so no interface to capture: name one with --interface");
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
            localAddresses: root.IsLive ? LiveInterfaceAddresses : null);
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

    /// <summary>Interfaces that carry a default route (IPv4 from /proc/net/route, IPv6 from /proc/net/ipv6_route).</summary>
    public static IReadOnlyList<string> DefaultInterfaces(SystemRoot root)
    {
        var found = new List<string>();
        try
        {
            // Iface Destination Gateway ...: a default route has destination 00000000 (and mask 00000000).
            foreach (string line in File.ReadLines(root.Proc("net/route")).Skip(1))
            {
                var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (f.Length > 7 && f[1] == "00000000" && f[7] == "00000000" && !found.Contains(f[0])) found.Add(f[0]);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        try
        {
            // dest(32 hex) dest_len src src_len next_hop metric refcnt use flags iface
            foreach (string line in File.ReadLines(root.Proc("net/ipv6_route")))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 10 && f[1] == "00" && f[0].All(c => c == '0') && f[9] != "lo" && !found.Contains(f[9])) found.Add(f[9]);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return found;
    }
}
