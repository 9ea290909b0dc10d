using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;

namespace VpsTop.Tui;

public sealed partial class ConnectionsPane
{
    /// <summary>Stable sort by one column: equal rows keep the kernel's order, so rows do not shuffle each second.</summary>
    internal static IReadOnlyList<Connection> SortConnections(IReadOnlyList<Connection> rows, int column, bool descending)
    {
        var order = new int[rows.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        int sign = descending ? -1 : 1;
        Array.Sort(order, (a, b) =>
        {
            int c = CompareBy(rows[a], rows[b], column) * sign;
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new Connection[order.Length];
        for (int i = 0; i < order.Length; i++) sorted[i] = rows[order[i]];
        return sorted;
    }

    private static int CompareBy(Connection x, Connection y, int column)
    {
        var a = x.Socket;
        var b = y.Socket;
        return column switch
        {
            0 => ((int)a.Proto * 10 + a.Family).CompareTo((int)b.Proto * 10 + b.Family),
            1 => Chain(CompareAddress(a.LocalAddress, b.LocalAddress), a.LocalPort.CompareTo(b.LocalPort)),
            2 => Chain(CompareAddress(a.RemoteAddress, b.RemoteAddress), a.RemotePort.CompareTo(b.RemotePort)),
            3 => string.CompareOrdinal(a.State.Name(a.Proto), b.State.Name(b.Proto)),
            4 => Chain(string.CompareOrdinal(FirstComm(x), FirstComm(y)), FirstPid(x).CompareTo(FirstPid(y))),
            _ => string.CompareOrdinal(FirstUser(x), FirstUser(y)),
        };
    }

    private static int Chain(int first, int second) => first != 0 ? first : second;

    /// <summary>Numeric address order (10.0.0.9 before 10.0.0.10), IPv4 (and mapped) before IPv6.</summary>
    internal static int CompareAddress(NetAddress a, NetAddress b)
    {
        var fa = a.Folded;
        var fb = b.Folded;
        int byFamily = fa.Family.CompareTo(fb.Family);
        return byFamily != 0 ? byFamily : fa.Bits.CompareTo(fb.Bits);
    }

    private static string FirstComm(Connection c) => c.Owners.Count > 0 ? c.Owners[0].Comm : "\uffff";
    private static int FirstPid(Connection c) => c.Owners.Count > 0 ? c.Owners[0].Pid : int.MaxValue;
    private static string FirstUser(Connection c) => c.Owners.Count > 0 ? c.Owners[0].User : "\uffff";
}
