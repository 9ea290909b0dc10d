namespace VpsTop.Core.Sockets;

/// <summary>Reads the kernel's TCP and UDP socket tables (IPv4 and IPv6) into a caller-owned list,
/// so a collector refreshing every second reuses one buffer.</summary>
public interface ISocketSource
{
    /// <summary>Short name shown in the UI and JSON ("netlink", "procfs").</summary>
    string Name { get; }

    /// <summary>Clears <paramref name="into"/> and fills it. Unreadable tables are skipped and named
    /// in the returned problems; it throws only on programming errors.</summary>
    IReadOnlyList<string> Read(List<SocketEntry> into);
}
