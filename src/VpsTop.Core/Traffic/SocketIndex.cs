using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Traffic;

/// <summary>
/// The sockets traffic is matched against, kept across socket-table refreshes. A socket that vanished (its process
/// exited, or it closed between two refreshes) stays findable, with the owners it last had, for
/// <see cref="Retention"/> — so a short-lived dropper's last packets, and the TIME_WAIT tail of a connection,
/// are still credited to it by name. A socket seen again without owners (TIME_WAIT, orphaned while closing)
/// keeps the owners it had. Not thread-safe: the bandwidth collector's thread owns it.
/// </summary>
public sealed class SocketIndex
{
    private readonly record struct TupleKey(byte Protocol, NetAddress Local, ushort LocalPort, NetAddress Remote, ushort RemotePort);
    private readonly record struct PortKey(byte Protocol, NetAddress Local, ushort LocalPort);

    /// <summary>One socket as last seen, with the owners it last had.</summary>
    public sealed class Entry(SocketEntry socket, IReadOnlyList<ProcessIdentity> owners, long seenAt)
    {
        public SocketEntry Socket { get; internal set; } = socket;
        public IReadOnlyList<ProcessIdentity> Owners { get; internal set; } = owners;
        public long LastSeen { get; internal set; } = seenAt;

        /// <summary>False once a refresh no longer lists it: the row is kept for a while so its traffic keeps a name.</summary>
        public bool Present { get; internal set; } = true;
    }

    private readonly Dictionary<TupleKey, Entry> _exact = new(1024);
    private readonly Dictionary<PortKey, Entry> _listeners = new(256);
    private readonly HashSet<NetAddress> _localAddresses = [];
    private readonly List<TupleKey> _expiredTuples = [];
    private readonly List<PortKey> _expiredPorts = [];
    private readonly TimeProvider _clock;

    public SocketIndex(TimeSpan? retention = null, TimeProvider? clock = null)
    {
        Retention = retention ?? TimeSpan.FromSeconds(60);
        _clock = clock ?? TimeProvider.System;
    }

    public TimeSpan Retention { get; }

    /// <summary>Builds an index of one snapshot alone (no memory of earlier ones).</summary>
    public static SocketIndex Of(ConnectionsSnapshot snapshot)
    {
        var index = new SocketIndex();
        index.Merge(snapshot.Connections, complete: true);
        return index;
    }

    /// <summary>Adds or refreshes the given sockets. With <paramref name="complete"/> (a full table, not a partial
    /// lookup), sockets not listed are marked gone and those gone longer than <see cref="Retention"/> are dropped.</summary>
    public void Merge(IReadOnlyList<Connection> connections, bool complete)
    {
        long now = _clock.GetTimestamp();
        if (complete)
        {
            foreach (var e in _exact.Values) e.Present = false;
            foreach (var e in _listeners.Values) e.Present = false;
        }
        foreach (var c in connections)
        {
            var s = c.Socket;
            byte protocol = (byte)s.Proto;
            // Dual-stack sockets show IPv4 peers as ::ffff:a.b.c.d; on the wire they are plain IPv4.
            var local = s.LocalAddress.Folded;
            if (!local.IsUnspecified) _localAddresses.Add(local);
            Entry? entry;
            if (s.IsListening)
            {
                ref Entry? slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_listeners,
                    new PortKey(protocol, local, s.LocalPort), out _);
                entry = slot ??= new Entry(s, c.Owners, now);
            }
            else
            {
                ref Entry? slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_exact,
                    new TupleKey(protocol, local, s.LocalPort, s.RemoteAddress.Folded, s.RemotePort), out _);
                entry = slot ??= new Entry(s, c.Owners, now);
            }
            entry.Socket = s;
            entry.LastSeen = now;
            entry.Present = true;
            // A socket in TIME_WAIT or orphaned has no descriptor any more: keep naming whoever held it.
            if (c.Owners.Count > 0) entry.Owners = c.Owners;
        }
        if (complete) Expire(now);
    }

    private void Expire(long now)
    {
        foreach (var (key, e) in _exact)
            if (!e.Present && _clock.GetElapsedTime(e.LastSeen, now) > Retention) _expiredTuples.Add(key);
        foreach (var (key, e) in _listeners)
            if (!e.Present && _clock.GetElapsedTime(e.LastSeen, now) > Retention) _expiredPorts.Add(key);
        foreach (var k in _expiredTuples) _exact.Remove(k);
        foreach (var k in _expiredPorts) _listeners.Remove(k);
        _expiredTuples.Clear();
        _expiredPorts.Clear();
    }

    /// <summary>Is this address one of this namespace's own (seen as the local end of some socket)?</summary>
    public bool IsLocalAddress(NetAddress address) => _localAddresses.Contains(address.Folded);

    /// <summary>Adds addresses of this namespace's interfaces, so traffic to a closed port is told apart from
    /// traffic of other namespaces even before any socket used that address.</summary>
    public void AddLocalAddresses(IEnumerable<NetAddress> addresses)
    {
        foreach (var a in addresses) _localAddresses.Add(a.Folded);
    }

    /// <summary>The socket at (<paramref name="local"/>, <paramref name="localPort"/>) talking to the remote end:
    /// the exact 4-tuple first, then a listener or unconnected UDP socket on that address, then a wildcard one.</summary>
    public Entry? Find(byte protocol, NetAddress local, ushort localPort, NetAddress remote, ushort remotePort, out AttributionRule rule)
    {
        rule = AttributionRule.Unknown;
        if (protocol is not (FlowKey.Tcp or FlowKey.Udp)) return null;
        if (_exact.TryGetValue(new TupleKey(protocol, local, localPort, remote, remotePort), out var e))
        {
            rule = AttributionRule.Exact;
            return e;
        }
        rule = AttributionRule.Listener;
        if (_listeners.TryGetValue(new PortKey(protocol, local, localPort), out e)) return e;
        // A wildcard listener (0.0.0.0 or ::, which also takes IPv4 when dual-stack) on the port.
        if (local.Family == 4 && _listeners.TryGetValue(new PortKey(protocol, new NetAddress(UInt128.Zero, 4), localPort), out e)) return e;
        if (_listeners.TryGetValue(new PortKey(protocol, new NetAddress(UInt128.Zero, 6), localPort), out e)) return e;
        rule = AttributionRule.Unknown;
        return null;
    }
}
