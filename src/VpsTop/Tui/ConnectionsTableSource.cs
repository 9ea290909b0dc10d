using System.Globalization;
using Terminal.Gui.Views;
using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// The rows the Connections table shows: either connections or per-remote-host counts. Cells are made on
/// demand, so only the rows on screen are ever formatted, and every string from the system is sanitized here.
/// </summary>
public sealed class ConnectionsTableSource : ITableSource
{
    public static readonly string[] ConnectionColumns = ["Proto", "Local Address", "Remote Address", "State", "PID/Program", "User"];
    public static readonly string[] RemoteColumns = ["Count", "Remote Address", "Programs"];

    public IReadOnlyList<Connection> Connections { get; private set; } = [];
    public IReadOnlyList<RemoteHostCount> Remotes { get; private set; } = [];
    /// <summary>Which programs talk to each remote host, as the Programs column shows them.</summary>
    public IReadOnlyDictionary<NetAddress, string> RemotePrograms { get; private set; } = new Dictionary<NetAddress, string>();

    public bool ShowsRemotes { get; private set; }

    public void SetConnections(IReadOnlyList<Connection> rows)
    {
        Connections = rows;
        ShowsRemotes = false;
    }

    public void SetRemotes(IReadOnlyList<RemoteHostCount> rows, IReadOnlyDictionary<NetAddress, string> programs)
    {
        Remotes = rows;
        RemotePrograms = programs;
        ShowsRemotes = true;
    }

    public string[] ColumnNames => ShowsRemotes ? RemoteColumns : ConnectionColumns;
    public int Columns => ColumnNames.Length;
    public int Rows => ShowsRemotes ? Remotes.Count : Connections.Count;

    public object this[int row, int col] => ShowsRemotes ? RemoteCell(Remotes[row], col) : ConnectionCell(Connections[row], col);

    private string RemoteCell(RemoteHostCount r, int col) => col switch
    {
        0 => r.Connections.ToString(CultureInfo.InvariantCulture),
        1 => r.RemoteAddress.ToDisplayString(),
        _ => RemotePrograms.GetValueOrDefault(r.RemoteAddress, ""),
    };

    public static string ConnectionCell(Connection c, int col)
    {
        var s = c.Socket;
        return col switch
        {
            0 => s.Proto.Name() + (s.Family == 6 ? "6" : ""),
            1 => s.LocalAddress.WithPort(s.LocalPort),
            2 => s.RemoteAddress.IsUnspecified && s.RemotePort == 0 ? "*" : s.RemoteAddress.WithPort(s.RemotePort),
            3 => s.State.Name(s.Proto),
            4 => OwnerCell(c),
            _ => SafeText.Sanitize(c.User, 32),
        };
    }

    /// <summary>"1234/nginx", "1234/nginx +3" when several processes share the socket, "-" when none is known.</summary>
    public static string OwnerCell(Connection c)
    {
        if (c.Owners.Count == 0) return "-";
        var first = c.Owners[0];
        string text = string.Create(CultureInfo.InvariantCulture, $"{first.Pid}/{SafeText.Sanitize(first.Comm, 40)}");
        return c.Owners.Count == 1 ? text : string.Create(CultureInfo.InvariantCulture, $"{text} +{c.Owners.Count - 1}");
    }
}
