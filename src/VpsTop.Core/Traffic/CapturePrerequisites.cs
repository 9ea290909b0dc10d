using System.Globalization;
using VpsTop.Core.Platform;
using VpsTop.Core.Text;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Checks, before libpcap is asked, what would make a capture fail — so the admin is told "no such interface (have:
/// eth0, lo)" or "running as uid 1000, not root" instead of a libpcap sentence. Reads /sys/class/net and the calling
/// thread's capabilities through <see cref="SystemRoot"/>.
/// </summary>
public static class CapturePrerequisites
{
    private const int CapNetRaw = 13;
    private const uint IffUp = 0x1;

    /// <summary>Throws <see cref="CaptureUnavailableException"/> for a missing or down interface or missing privilege.</summary>
    public static void Check(SystemRoot root, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(interfaceName);
        string shown = SafeText.Sanitize(interfaceName, 40);
        // A name with a slash or a dot path must not be taken as a path under /sys/class/net.
        string dir = root.Path("/sys/class/net/" + interfaceName);
        if (!IsPlausibleName(interfaceName) || !Directory.Exists(dir))
            throw new CaptureUnavailableException(CaptureFailure.NoSuchInterface,
                $"no such interface: {shown} (have: {string.Join(", ", Interfaces(root))})");
        if (ReadFlags(Path.Combine(dir, "flags")) is uint flags && (flags & IffUp) == 0)
            throw new CaptureUnavailableException(CaptureFailure.InterfaceDown,
                $"interface {shown} is down (ip link set {shown} up)");
        if (MissingCapNetRaw(root) is string why)
            throw new CaptureUnavailableException(CaptureFailure.NotPermitted, why);
    }

    /// <summary>Interface names of this network namespace, sorted.</summary>
    public static IReadOnlyList<string> Interfaces(SystemRoot root)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(root.Path("/sys/class/net"))
                .Select(p => SafeText.Sanitize(Path.GetFileName(p), 40)).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>Null when the caller may capture; otherwise why not, naming the uid.</summary>
    public static string? MissingCapNetRaw(SystemRoot root)
    {
        // thread-self: credentials are per thread in the kernel, and the thread that opens the socket is the one checked.
        string status = root.Proc("thread-self/status");
        if (!File.Exists(status)) status = root.Proc("self/status");
        string? uid = null;
        ulong? capEff = null;
        try
        {
            foreach (string line in File.ReadLines(status))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    uid = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries |
                        StringSplitOptions.TrimEntries).ElementAtOrDefault(1);
                else if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                    && ulong.TryParse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong caps))
                    capEff = caps;
            }
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (capEff is not ulong effective || (effective & (1UL << CapNetRaw)) != 0) return null;
        return uid == "0"
            ? "running as root but without CAP_NET_RAW (a container or a capability bounding set removed it): capture needs it"
            : $"not root (running as uid {SafeText.Sanitize(uid ?? "?", 12)}) and without CAP_NET_RAW: "
                + "run as root, or grant it with setcap cap_net_raw+ep";
    }

    private static bool IsPlausibleName(string name) =>
        name.Length is > 0 and <= 15 && name is not "." and not ".." && !name.Contains('/') && !name.Contains('\0');

    private static uint? ReadFlags(string path)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            if (text.StartsWith("0x", StringComparison.Ordinal)) text = text[2..];
            return uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
