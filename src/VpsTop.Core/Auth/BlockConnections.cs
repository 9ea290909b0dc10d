using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// The <see cref="ConnectionTracker"/>'s work for one block of a file read in bulk, done by the block's worker: lines
/// of a connection that began in the block are tied to it here, in parallel with other blocks. A line without an IP
/// whose PID the block has not seen yet is left for <see cref="ConnectionTracker.TryGetOpen"/>, which knows the
/// blocks before (its connection began there); then the block's last word on each PID goes to the tracker.
/// </summary>
internal sealed class BlockConnections
{
    private readonly Dictionary<int, (NetAddress Ip, int? Port, bool Closed)> _byPid = new();

    public void Clear() => _byPid.Clear();

    /// <returns>False when the line needs the blocks before: no IP, and a PID this block has not named yet.</returns>
    public bool Resolve(ref AuthFacts e)
    {
        if (e.Pid is not int pid) return true;
        bool resolved = true;
        if (e.Ip is NetAddress ip) CollectionsMarshal.GetValueRefOrAddDefault(_byPid, pid, out _) = (ip, e.Port, false);
        else
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byPid, pid);
            if (Unsafe.IsNullRef(ref entry)) resolved = false;
            else if (!entry.Closed) e = e with { Ip = entry.Ip, Port = e.Port ?? entry.Port, IpFromConnection = true };
        }
        // a close also ends a connection begun in an earlier block: later lines of the PID in this block stay unresolved
        if (ConnectionTracker.Closes(e)) _byPid[pid] = (default, null, true);
        return resolved;
    }

    /// <summary>Hands the block's final state of each PID it named to the tracker (after its unresolved lines were
    /// resolved against the tracker's state before the block).</summary>
    public void ApplyTo(ConnectionTracker tracker)
    {
        foreach (var (pid, entry) in _byPid)
        {
            if (entry.Closed) tracker.Close(pid);
            else tracker.Open(pid, entry.Ip, entry.Port);
        }
    }
}
