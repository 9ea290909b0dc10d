using System.Globalization;
using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// The packet and raw sockets of this network namespace, from /proc/net/packet (columns
/// <c>sk RefCnt Type Proto Iface R Rmem User Inode</c>) and /proc/net/raw, raw6 (the tcp layout; the "port"
/// of the local address is the IP protocol). Sockets of other network namespaces (containers) are not in
/// these files. EAPOL packet sockets (protocol 0x888e, wpa_supplicant and hostapd) are left out, as
/// rkhunter does: they only see 802.1X frames.
/// </summary>
public static class PacketSocketTable
{
    private const string EapolProtocol = "888e";

    /// <summary>Every capture socket by inode; missing files (no IPv6, a partial capture) contribute nothing.</summary>
    public static Dictionary<ulong, CaptureSocket> Read(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sockets = new Dictionary<ulong, CaptureSocket>();
        string? packet = TryRead(root.Proc("net/packet"));
        if (packet is not null) ParsePacket(packet, sockets);
        foreach (string raw in (string[])["net/raw", "net/raw6"])
        {
            string? text = TryRead(root.Proc(raw));
            if (text is not null) ParseRaw(text, raw.EndsWith('6') ? "raw IPv6" : "raw IPv4", sockets);
        }
        return sockets;
    }

    internal static void ParsePacket(string text, Dictionary<ulong, CaptureSocket> into)
    {
        foreach (string[] f in Rows(text))
        {
            // sk RefCnt Type Proto Iface R Rmem User Inode
            if (f.Length < 9 || !ulong.TryParse(f[8], NumberStyles.None, CultureInfo.InvariantCulture,
                out ulong inode) || inode == 0) continue;
            string proto = f[3].ToLowerInvariant();
            if (proto == EapolProtocol) continue;
            string type = f[2] switch { "3" => "raw", "2" => "datagram", _ => "type " + f[2] };
            string iface = f[4] == "0" ? "all interfaces" : "interface #" + f[4];
            into[inode] = new CaptureSocket(inode, $"packet socket ({type}, protocol 0x{proto}, {iface})");
        }
    }

    internal static void ParseRaw(string text, string kind, Dictionary<ulong, CaptureSocket> into)
    {
        foreach (string[] f in Rows(text))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
            if (f.Length < 10 || !ulong.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture,
                out ulong inode) || inode == 0) continue;
            int colon = f[1].LastIndexOf(':');
            string protocol = colon >= 0 && int.TryParse(f[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                out int p)
                ? ProtocolName(p)
                : "unknown protocol";
            into[inode] = new CaptureSocket(inode, $"{kind} socket ({protocol})");
        }
    }

    private static string ProtocolName(int protocol) => protocol switch
    {
        1 => "ICMP",
        6 => "TCP",
        17 => "UDP",
        58 => "ICMPv6",
        255 => "all IP protocols",
        _ => "IP protocol " + protocol.ToString(CultureInfo.InvariantCulture),
    };

    private static IEnumerable<string[]> Rows(string text)
    {
        bool header = true;
        foreach (string line in text.Split('\n'))
        {
            if (header) { header = false; continue; }
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0) yield return fields;
        }
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path, Encoding.ASCII); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
