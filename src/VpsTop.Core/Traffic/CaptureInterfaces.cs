using System.Globalization;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Traffic;

/// <summary>Why an interface was chosen for capture; an interface can have several reasons.</summary>
[Flags]
public enum CaptureReason
{
    None = 0,
    DefaultRouteV4 = 1,
    DefaultRouteV6 = 2,
    /// <summary>A tun device (VPN: OpenVPN, tinc …): its traffic leaves through the default route encrypted, so only here
    /// can it be tied to a local process's connection.</summary>
    Tunnel = 4,
    WireGuard = 8,
    Loopback = 16,
}

/// <summary>One interface to capture and why.</summary>
public readonly record struct CaptureInterface(string Name, CaptureReason Reasons)
{
    public string Why
    {
        get
        {
            var parts = new List<string>(2);
            if (Reasons.HasFlag(CaptureReason.DefaultRouteV4)) parts.Add("IPv4 default route");
            if (Reasons.HasFlag(CaptureReason.DefaultRouteV6)) parts.Add("IPv6 default route");
            if (Reasons.HasFlag(CaptureReason.Tunnel)) parts.Add("tun device");
            if (Reasons.HasFlag(CaptureReason.WireGuard)) parts.Add("WireGuard device");
            if (Reasons.HasFlag(CaptureReason.Loopback)) parts.Add("loopback, asked for");
            return string.Join(", ", parts);
        }
    }
}

/// <summary>
/// The interfaces captured when none are named: those carrying a default route (IPv4 /proc/net/route, IPv6
/// /proc/net/ipv6_route), plus tun and WireGuard devices, plus loopback only when asked. Not every interface, and
/// not "any": on a docker host one packet crosses veth, bridge and eth0 and would be counted two or three times.
/// Reads only through <see cref="SystemRoot"/>; unreadable files count as "no such routes/devices".
/// </summary>
public static class CaptureInterfaces
{
    private const uint RtfUp = 0x1;
    private const uint RtfReject = 0x200;
    private const uint IffTun = 0x1;
    private const string ArphrdLoopback = "772";

    public static IReadOnlyList<CaptureInterface> Choose(SystemRoot root, bool includeLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        var chosen = new List<CaptureInterface>();
        foreach (string name in DefaultRouteV4(root)) Add(chosen, name, CaptureReason.DefaultRouteV4);
        foreach (string name in DefaultRouteV6(root)) Add(chosen, name, CaptureReason.DefaultRouteV6);
        foreach (string dir in Devices(root))
        {
            string name = Path.GetFileName(dir);
            if (IsWireGuard(dir)) Add(chosen, name, CaptureReason.WireGuard);
            else if (IsTun(dir)) Add(chosen, name, CaptureReason.Tunnel);
            else if (includeLoopback && ReadTrimmed(Path.Combine(dir, "type")) == ArphrdLoopback) Add(chosen, name, CaptureReason.Loopback);
        }
        return chosen;
    }

    private static void Add(List<CaptureInterface> chosen, string name, CaptureReason reason)
    {
        int at = chosen.FindIndex(c => c.Name == name);
        if (at >= 0) chosen[at] = chosen[at] with { Reasons = chosen[at].Reasons | reason };
        else chosen.Add(new CaptureInterface(name, reason));
    }

    /// <summary>Iface Destination Gateway Flags RefCnt Use Metric Mask …: destination and mask 0, route up.</summary>
    internal static List<string> DefaultRouteV4(SystemRoot root)
    {
        var found = new List<string>();
        foreach (string line in Lines(root.Proc("net/route")).Skip(1))
        {
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length > 7 && f[1] == "00000000" && f[7] == "00000000" && Hex(f[3]) is uint flags
                && (flags & RtfUp) != 0 && (flags & RtfReject) == 0 && !found.Contains(f[0]))
                found.Add(f[0]);
        }
        return found;
    }

    /// <summary>dest dest_len src src_len next_hop metric refcnt use flags iface: ::/0, up, not the kernel's
    /// unreachable default on lo (flags 0x200, RTF_REJECT).</summary>
    internal static List<string> DefaultRouteV6(SystemRoot root)
    {
        var found = new List<string>();
        foreach (string line in Lines(root.Proc("net/ipv6_route")))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 10 && f[1] == "00" && f[0].All(c => c == '0') && Hex(f[8]) is uint flags
                && (flags & RtfUp) != 0 && (flags & RtfReject) == 0 && !found.Contains(f[9]))
                found.Add(f[9]);
        }
        return found;
    }

    private static IEnumerable<string> Devices(SystemRoot root)
    {
        try
        {
            var dirs = Directory.GetFileSystemEntries(root.Path("/sys/class/net"));
            Array.Sort(dirs, StringComparer.Ordinal);
            return dirs;
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>The wireguard module names its devices' type in uevent (DEVTYPE=wireguard).</summary>
    private static bool IsWireGuard(string dir) =>
        Lines(Path.Combine(dir, "uevent")).Any(l => l == "DEVTYPE=wireguard");

    /// <summary>tun/tap devices have tun_flags; IFF_TUN is tun (layer 3, a VPN), IFF_TAP a VM's or container's tap.</summary>
    private static bool IsTun(string dir) => Hex(ReadTrimmed(Path.Combine(dir, "tun_flags"))) is uint flags && (flags & IffTun) != 0;

    private static uint? Hex(string? text)
    {
        if (text is null) return null;
        if (text.StartsWith("0x", StringComparison.Ordinal)) text = text[2..];
        return uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v) ? v : null;
    }

    private static string? ReadTrimmed(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static IEnumerable<string> Lines(string path)
    {
        try { return File.ReadAllLines(path); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
