using VpsTop.Core.Sockets;

namespace VpsTop.Core.Connections;

/// <summary>One line of `netstat -tunap | grep ESTABLISHED | awk '{print $5}' | cut -d: -f1 | sort | uniq -c | sort -nr`.</summary>
public sealed record RemoteHostCount(NetAddress RemoteAddress, int Connections);

public static class RemoteHostCounter
{
    /// <summary>ESTABLISHED connections per remote host, most first (ties by address for a stable order).
    /// IPv4-mapped IPv6 peers are folded into their IPv4 address: it is one host either way.</summary>
    public static IReadOnlyList<RemoteHostCount> Count(ConnectionsSnapshot snapshot)
    {
        var counts = new Dictionary<NetAddress, int>();
        foreach (var c in snapshot.Connections)
        {
            if (c.Socket.State != SocketState.Established) continue;
            var key = c.Socket.RemoteAddress.Folded;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var rows = new List<RemoteHostCount>(counts.Count);
        foreach (var (address, n) in counts) rows.Add(new RemoteHostCount(address, n));
        rows.Sort(static (a, b) =>
        {
            int byCount = b.Connections.CompareTo(a.Connections);
            if (byCount != 0) return byCount;
            int byFamily = a.RemoteAddress.Family.CompareTo(b.RemoteAddress.Family);
            return byFamily != 0 ? byFamily : a.RemoteAddress.Bits.CompareTo(b.RemoteAddress.Bits);
        });
        return rows;
    }
}
