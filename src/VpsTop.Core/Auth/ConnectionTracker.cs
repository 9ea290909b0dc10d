using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// Ties lines without an IP ("Disconnecting: Too many authentication failures", "check pass; user unknown",
/// kex_exchange_identification errors) to their connection by PID: the last IP/port a line of that PID named.
/// Works for sshd, and for 9.8+ sshd-session / 10.x sshd-auth (whose lines arrive as sshd-session[PID]).
/// An entry ends when its connection closes, and is replaced when a later line of the PID names another address
/// (PID reuse). Bounded: the oldest entries go first.
/// </summary>
public sealed class ConnectionTracker
{
    private readonly Dictionary<int, (NetAddress Ip, int? Port, string? User)> _byPid = new();
    private readonly Queue<int> _order = new();
    private readonly int _capacity;

    // A copy of the entry of the PID of the last line: a connection's lines come in runs, and a line that names the
    // same address as the entry already holds changes nothing, so it needs no lookup.
    private int _lastPid = -1;
    private (NetAddress Ip, int? Port, string? User) _last;

    // Which PIDs may have an entry: a bit per PID (modulo the bits), set with the entry and cleared only when the set
    // is rebuilt from the entries. Most connections a block of a big log closes were opened in that block and never
    // entered here: the bit answers for them without a lookup in a table too big for the caches.
    private readonly ulong[] _mayHave = new ulong[MayHaveBits / 64];
    private int _mayHaveSets;
    private const int MayHaveBits = 1 << 20;

    public ConnectionTracker(int capacity = 65536) => _capacity = capacity;

    public int Count => _byPid.Count;

    /// <summary>Returns the event with the connection's IP/port filled in when the line had none.</summary>
    public AuthEvent Resolve(AuthEvent e)
    {
        var facts = e.Facts;
        return Resolve(ref facts) ? e with { Facts = facts } : e;
    }

    /// <summary>Fills in the connection's IP/port when the line had none; returns whether it did.</summary>
    public bool Resolve(ref AuthFacts e)
    {
        if (e.Pid is not int pid) return false;
        bool filled = false;
        if (e.Ip is NetAddress ip)
        {
            bool unchanged = pid == _lastPid && _last.Ip == ip && _last.Port == e.Port && (e.User is null || ReferenceEquals(e.User,
                _last.User));
            if (!unchanged)
            {
                // one hash lookup on the common path (a PID already known), not three
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byPid, pid);
                if (!Unsafe.IsNullRef(ref entry)) entry = (ip, e.Port, e.User ?? entry.User);
                else
                {
                    _order.Enqueue(pid);
                    Trim();
                    _byPid[pid] = (ip, e.Port, e.User);
                    MarkMayHave(pid);
                    entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byPid, pid);
                }
                (_lastPid, _last) = (pid, entry);
            }
        }
        else if (Known(pid, out var known))
        {
            e = e with { Ip = known.Ip, Port = e.Port ?? known.Port, IpFromConnection = true };
            filled = true;
        }
        if (Closes(e)) Close(pid);
        return filled;
    }

    /// <summary>Whether the line ends its connection: closes, disconnects, timeouts, and protocol errors that name
    /// the peer themselves.</summary>
    internal static bool Closes(in AuthFacts e) =>
        e.Kind is AuthEventKind.PreauthClose or AuthEventKind.Disconnect or AuthEventKind.Timeout
        || (e.Kind is AuthEventKind.ProtocolError && e.Ip is not null && !e.IpFromConnection);

    /// <summary>The open connection of the PID, as a block of a file read in bulk finds it at its start.</summary>
    internal bool TryGetOpen(int pid, out NetAddress ip, out int? port)
    {
        bool known = Known(pid, out var entry);
        (ip, port) = (entry.Ip, entry.Port);
        return known;
    }

    /// <summary>Records the PID's connection as a block left it (its last address).</summary>
    internal void Open(int pid, NetAddress ip, int? port)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byPid, pid);
        if (Unsafe.IsNullRef(ref entry))
        {
            _order.Enqueue(pid);
            Trim();
            _byPid[pid] = (ip, port, null);
            MarkMayHave(pid);
        }
        else entry = (ip, port, entry.User);
        if (pid == _lastPid) _lastPid = -1;
    }

    internal void Close(int pid)
    {
        if (MayHave(pid)) _byPid.Remove(pid);
        if (pid == _lastPid) _lastPid = -1;
    }

    private bool MayHave(int pid) => (_mayHave[(pid & (MayHaveBits - 1)) >> 6] & 1UL << (pid & 63)) != 0;

    private void MarkMayHave(int pid)
    {
        _mayHave[(pid & (MayHaveBits - 1)) >> 6] |= 1UL << (pid & 63);
        // rebuilt when a quarter of the bits could be stale, from the entries there are
        if (++_mayHaveSets < MayHaveBits / 4) return;
        Array.Clear(_mayHave);
        foreach (int live in _byPid.Keys) _mayHave[(live & (MayHaveBits - 1)) >> 6] |= 1UL << (live & 63);
        _mayHaveSets = _byPid.Count;
    }

    private bool Known(int pid, out (NetAddress Ip, int? Port, string? User) entry)
    {
        if (pid == _lastPid)
        {
            entry = _last;
            return true;
        }
        if (!MayHave(pid))
        {
            entry = default;
            return false;
        }
        if (!_byPid.TryGetValue(pid, out entry)) return false;
        (_lastPid, _last) = (pid, entry);
        return true;
    }

    private void Trim()
    {
        while (_byPid.Count >= _capacity && _order.TryDequeue(out int old))
            if (_byPid.Remove(old) && old == _lastPid) _lastPid = -1;
        if (_order.Count > _capacity * 2) // drop stale queue entries of closed connections
        {
            var live = _order.Where(_byPid.ContainsKey).Distinct().ToArray();
            _order.Clear();
            foreach (int p in live) _order.Enqueue(p);
        }
    }
}
