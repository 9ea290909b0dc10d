using System.Diagnostics;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>Which interfaces are captured by default: a tree captured from this machine, hand-written trees for the
/// cases it does not have, and the live system against iproute2.</summary>
public sealed class CaptureInterfacesTests
{
    private static IReadOnlyList<CaptureInterface> Choose(string fixture, bool loopback = false)
    {
        using var tree = FixtureTree.Materialize(fixture);
        return CaptureInterfaces.Choose(tree.Root, loopback);
    }

    [Fact]
    public void This_machine_captured_picks_eth0_for_both_families_and_not_the_ifb_devices()
    {
        var chosen = Choose("net-captured");
        Assert.Equal([new CaptureInterface("eth0", CaptureReason.DefaultRouteV4 | CaptureReason.DefaultRouteV6)], chosen);
        Assert.Equal("IPv4 default route, IPv6 default route", chosen[0].Why);
    }

    [Fact]
    public void Loopback_only_when_asked()
    {
        var chosen = Choose("net-captured", loopback: true);
        Assert.Equal(["eth0", "lo"], chosen.Select(c => c.Name));
        Assert.Equal(CaptureReason.Loopback, chosen[1].Reasons);
    }

    [Fact]
    public void An_ipv6_only_host_captures_its_ipv6_default_and_not_the_unreachable_default_on_lo()
    {
        Assert.Equal([new CaptureInterface("ens3", CaptureReason.DefaultRouteV6)], Choose("net-v6only"));
    }

    [Fact]
    public void Several_defaults_and_vpn_devices_are_all_captured_but_not_bridges_or_taps()
    {
        Assert.Equal(
        [
            new CaptureInterface("eth0", CaptureReason.DefaultRouteV4),
            new CaptureInterface("eth1", CaptureReason.DefaultRouteV4),
            new CaptureInterface("tun0", CaptureReason.Tunnel),
            new CaptureInterface("wg0", CaptureReason.WireGuard),
        ], Choose("net-multi"));
    }

    [Fact]
    public void No_default_route_and_a_route_that_is_not_up_choose_nothing()
    {
        Assert.Empty(Choose("net-nodefault"));
        using var tree = FixtureTree.Materialize("net-nodefault");
        Assert.Empty(BandwidthPipeline.DefaultInterfaces(tree.Root));
    }

    [Fact]
    public void An_empty_root_chooses_nothing_rather_than_failing()
    {
        var empty = Directory.CreateTempSubdirectory("vpstop-empty-");
        try { Assert.Empty(CaptureInterfaces.Choose(new SystemRoot(empty.FullName), includeLoopback: true)); }
        finally { empty.Delete(); }
    }

    [Fact]
    public void The_live_default_routes_match_iproute2()
    {
        var chosen = CaptureInterfaces.Choose(SystemRoot.Live);
        Assert.Equal(DevicesOf("route", "show", "default"),
            chosen.Where(c => c.Reasons.HasFlag(CaptureReason.DefaultRouteV4)).Select(c => c.Name).Order());
        Assert.Equal(DevicesOf("-6", "route", "show", "default"),
            chosen.Where(c => c.Reasons.HasFlag(CaptureReason.DefaultRouteV6)).Select(c => c.Name).Order());
    }

    /// <summary>The "dev X" of each line iproute2 prints, skipping unreachable/prohibit routes (no device to capture).</summary>
    private static IEnumerable<string> DevicesOf(params string[] args)
    {
        string output = Run.Checked("/usr/sbin/ip", args);
        var devices = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int dev = Array.IndexOf(words, "dev");
            if (words[0] is not ("unreachable" or "prohibit" or "blackhole") && dev >= 0 && dev + 1 < words.Length)
                devices.Add(words[dev + 1]);
        }
        return devices;
    }
}
