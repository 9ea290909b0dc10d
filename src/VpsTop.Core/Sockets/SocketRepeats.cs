namespace VpsTop.Core.Sockets;

/// <summary>
/// The kernel lists sockets a part at a time (a read() of /proc/net/tcp, a message of a netlink dump) while its tables
/// change, and can list one socket twice (seen in CI: a TIME_WAIT row twice in /proc/net/tcp; a netlink dump resumes
/// the same way, so its rows are held to it too). A socket is one row. One instance per source: it reuses its set.
/// </summary>
internal sealed class SocketRepeats
{
    private readonly HashSet<SocketEntry> _seen = [];

    /// <summary>Removes the entries from <paramref name="from"/> on that repeat an earlier one among them.</summary>
    public void Drop(List<SocketEntry> entries, int from)
    {
        _seen.Clear();
        int kept = from;
        for (int i = from; i < entries.Count; i++)
            if (_seen.Add(entries[i])) entries[kept++] = entries[i];
        entries.RemoveRange(kept, entries.Count - kept);
    }
}
