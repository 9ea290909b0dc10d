namespace VpsTop.Core.Processes;

/// <summary>
/// Which processes hold which sockets, from one walk of /proc/*/fd. A socket inherited across fork or
/// passed over a unix socket is held by several processes, so an inode maps to every holder.
/// </summary>
/// <param name="PidsByInode">Socket inode → PIDs holding a descriptor to it (ascending).</param>
/// <param name="Processes">Every process holding at least one socket.</param>
/// <param name="ProcessesUnreadable">fd directories the kernel denied us (other users' processes without root).</param>
/// <param name="Complete">False when some owners may be missing because of such denials.</param>
/// <param name="Problems">Human-readable reasons the scan is incomplete.</param>
public sealed record SocketOwnerScan(
    IReadOnlyDictionary<ulong, int[]> PidsByInode,
    IReadOnlyDictionary<int, ProcessIdentity> Processes,
    int ProcessesUnreadable,
    bool Complete,
    IReadOnlyList<string> Problems);
