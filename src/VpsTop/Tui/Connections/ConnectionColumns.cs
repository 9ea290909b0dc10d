using System.Globalization;
using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>The Connections pane's columns: netstat's, and the per-remote-IP counts'. Cells are sanitized here.</summary>
public static class ConnectionColumns
{
    public static IReadOnlyList<TableColumn<Connection>> Create(Theme theme) =>
    [
        TableColumn<Connection>.Fixed("Proto", 5, c => c.Socket.Proto.Name() + (c.Socket.Family == 6 ? "6" : "")) with
        {
            Compare = (x, y) => ((int)x.Socket.Proto * 10 + x.Socket.Family).CompareTo((int)y.Socket.Proto * 10 + y.Socket.Family),
        },
        TableColumn<Connection>.Flex("Local Address", 15, 47, 30, c => c.Socket.LocalAddress.WithPort(c.Socket.LocalPort)) with
        {
            Compare = (x, y) => Chain(CompareAddress(x.Socket.LocalAddress, y.Socket.LocalAddress),
                x.Socket.LocalPort.CompareTo(y.Socket.LocalPort)),
        },
        TableColumn<Connection>.Flex("Remote Address", 15, 47, 35, RemoteCell) with
        {
            Compare = (x, y) => Chain(CompareAddress(x.Socket.RemoteAddress, y.Socket.RemoteAddress),
                x.Socket.RemotePort.CompareTo(y.Socket.RemotePort)),
        },
        TableColumn<Connection>.Fixed("State", 11, c => c.Socket.State.Name(c.Socket.Proto)) with
        {
            Compare = (x, y) => string.CompareOrdinal(x.Socket.State.Name(x.Socket.Proto), y.Socket.State.Name(y.Socket.Proto)),
            Color = theme.NoColor ? null : c => theme.ForState(c.Socket.State),
        },
        TableColumn<Connection>.Flex("PID/Program", 10, 60, 35, OwnerCell) with
        {
            Compare = (x, y) => Chain(string.CompareOrdinal(FirstComm(x), FirstComm(y)), FirstPid(x).CompareTo(FirstPid(y))),
        },
        TableColumn<Connection>.Fixed("User", 8, c => SafeText.Sanitize(c.User, 32)) with
        {
            Compare = (x, y) => string.CompareOrdinal(FirstUser(x), FirstUser(y)),
        },
    ];

    public static IReadOnlyList<TableColumn<RemoteRow>> Remotes() =>
    [
        TableColumn<RemoteRow>.Fixed("Count", 6, r => r.Count.Connections.ToString(CultureInfo.InvariantCulture)) with
        {
            RightAligned = true, DescendingFirst = true, Compare = (x, y) => x.Count.Connections.CompareTo(y.Count.Connections),
        },
        TableColumn<RemoteRow>.Flex("Remote Address", 15, 41, 1, r => r.Count.RemoteAddress.ToDisplayString()) with
        {
            Compare = (x, y) => CompareAddress(x.Count.RemoteAddress, y.Count.RemoteAddress),
        },
        TableColumn<RemoteRow>.Flex("Programs", 8, 200, 2, r => r.Programs) with { Compare = (x, y) => string.CompareOrdinal(x.Programs,
            y.Programs) },
    ];

    private readonly record struct SocketKey(Proto Proto, NetAddress Local, ushort LocalPort, NetAddress Remote, ushort RemotePort,
        ulong Inode);

    /// <summary>What identifies a socket's row across refreshes.</summary>
    public static object Key(Connection c)
    {
        var s = c.Socket;
        return new SocketKey(s.Proto, s.LocalAddress, s.LocalPort, s.RemoteAddress, s.RemotePort, s.Inode);
    }

    private static string RemoteCell(Connection c) =>
        c.Socket.RemoteAddress.IsUnspecified && c.Socket.RemotePort == 0 ? "*" : c.Socket.RemoteAddress.WithPort(c.Socket.RemotePort);

    /// <summary>"1234/nginx", "1234/nginx +3" when several processes share the socket, "-" when none is known.</summary>
    public static string OwnerCell(Connection c)
    {
        if (c.Owners.Count == 0) return "-";
        var first = c.Owners[0];
        string text = string.Create(CultureInfo.InvariantCulture, $"{first.Pid}/{SafeText.Sanitize(first.Comm, 40)}");
        return c.Owners.Count == 1 ? text : string.Create(CultureInfo.InvariantCulture, $"{text} +{c.Owners.Count - 1}");
    }

    private static int Chain(int first, int second) => first != 0 ? first : second;

    /// <summary>Numeric address order (10.0.0.9 before 10.0.0.10), IPv4 (and mapped) before IPv6.</summary>
    public static int CompareAddress(NetAddress a, NetAddress b)
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
