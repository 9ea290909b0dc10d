using VpsTop.Core.Sockets;

namespace VpsTop.Core.Connections;

public enum ConnectionMode
{
    /// <summary>Every socket (netstat -tunap).</summary>
    All,
    /// <summary>ESTABLISHED only.</summary>
    Established,
    /// <summary>Listening TCP and unconnected bound UDP sockets.</summary>
    Listening,
}

/// <summary>Which rows of a snapshot to show: the one filter the CLI switches and the pane's keys both set.</summary>
public sealed record ConnectionView(ConnectionMode Mode = ConnectionMode.All, string? Text = null, NetAddress? Remote = null)
{
    public bool Matches(Connection c)
    {
        var s = c.Socket;
        switch (Mode)
        {
            case ConnectionMode.Established when s.State != SocketState.Established: return false;
            case ConnectionMode.Listening when !s.IsListening: return false;
        }
        if (Remote is { } remote && s.RemoteAddress.Folded != remote) return false;
        return string.IsNullOrEmpty(Text) || MatchesText(c, Text);
    }

    public IReadOnlyList<Connection> Apply(ConnectionsSnapshot snapshot)
    {
        var rows = new List<Connection>(snapshot.Connections.Count);
        foreach (var c in snapshot.Connections)
            if (Matches(c)) rows.Add(c);
        return rows;
    }

    /// <summary>Case-insensitive substring over what the row shows: addresses, ports, state, PID, program, user.</summary>
    private static bool MatchesText(Connection c, string text)
    {
        var s = c.Socket;
        if (Contains(s.LocalAddress.WithPort(s.LocalPort), text) || Contains(s.RemoteAddress.WithPort(s.RemotePort), text)
            || Contains(s.State.Name(s.Proto), text) || Contains(s.Proto.Name(), text))
            return true;
        foreach (var p in c.Owners)
            if (Contains(p.Comm, text) || Contains(p.User,
                text) || Contains(p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), text)
                || (p.Exe is not null && Contains(p.Exe, text)))
                return true;
        return false;
    }

    private static bool Contains(string haystack, string needle) => haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
