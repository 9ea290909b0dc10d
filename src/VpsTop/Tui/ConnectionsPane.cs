using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// `netstat -tunap` done right: every socket with state and owners, ESTABLISHED-only, listening ports, and
/// connections counted per remote IP with drill-down. Reads only the published snapshot; never touches /proc.
/// </summary>
public sealed partial class ConnectionsPane : IPane
{
    private readonly ISnapshotFeed<ConnectionsSnapshot> _publisher;
    private readonly TuiContext _context;
    private readonly ConnectionsTableSource _source = new();
    private readonly PaneTable _pane;
    private readonly Label _info;
    private long _shownVersion = -1;
    private bool _dirty = true;

    private ConnectionMode _mode = ConnectionMode.All;
    private bool _byRemote;
    private NetAddress? _drill;
    private string _filter = "";
    private string _search = "";
    private int _sortColumn = -1;
    private bool _sortDescending;

    public ConnectionsPane(ISnapshotFeed<ConnectionsSnapshot> publisher, TuiContext context)
    {
        _publisher = publisher;
        _context = context;
        View = new View { Title = "_Connections", Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _info = PlainLabel.Create(0);
        _pane = new PaneTable(context, _source, top: 1);
        StyleTable();
        Table.KeyDown += OnTableKeyDown;
        Table.Accepting += (_, e) =>
        {
            Activate();
            e.Handled = true;
        };
        View.Add(_info, _pane.Warning, Table);
    }

    public string Title => View.Title;
    public View View { get; }
    public ConnectionsSnapshot Snapshot { get; private set; } = ConnectionsSnapshot.Empty;
    internal TableView Table => _pane.Table;
    internal ConnectionsTableSource Source => _source;

    public string Summary { get; private set; } = "";

    private void StyleTable()
    {
        var style = Table.Style;
        Table.ViewportChanged += (_, _) => FitColumns();
        if (_context.Theme.NoColor) return;
        style.GetOrCreateColumnStyle(3).ColorGetter = args =>
            _source.ShowsRemotes || args.RowIndex >= _source.Connections.Count ? null : _context.Theme.ForState(_source.Connections[args.RowIndex].Socket.State);
    }

    private int _fittedWidth = -1;

    /// <summary>
    /// Fixed column widths from the space there is, so all six columns fit at 80×24 and columns do not
    /// jump as their contents change (which would also redraw every row). Addresses and the program share
    /// what is left after Proto, State and User.
    /// </summary>
    private void FitColumns()
    {
        int width = Table.Viewport.Width;
        if (width <= 0 || width == _fittedWidth) return;
        _fittedWidth = width;
        var style = Table.Style;
        if (_source.ShowsRemotes)
        {
            PaneTable.SetWidth(style, 0, 6);
            PaneTable.SetWidth(style, 1, Math.Clamp(width / 3, 15, 40));
            return;
        }
        const int proto = 5, state = 11, user = 8, separators = 6;
        int rest = Math.Max(30, width - proto - state - user - separators);
        int local = rest * 30 / 100, remote = rest * 35 / 100, program = rest - local - remote;
        PaneTable.SetWidth(style, 0, proto);
        PaneTable.SetWidth(style, 1, local);
        PaneTable.SetWidth(style, 2, remote);
        PaneTable.SetWidth(style, 3, state);
        PaneTable.SetWidth(style, 4, program);
        PaneTable.SetWidth(style, 5, user);
    }

    public bool Refresh(bool force)
    {
        long version = _publisher.Version;
        if (!force && !_dirty && version == _shownVersion) return false;
        var snapshot = _publisher.Latest;
        Snapshot = snapshot;
        _shownVersion = version;
        _dirty = false;

        object? selected = SelectedKey();
        bool wasRemotes = _source.ShowsRemotes;
        var oldConnections = _source.Connections;
        var oldRemotes = _source.Remotes;
        var oldPrograms = _source.RemotePrograms;
        string oldInfo = _info.Text;
        if (_byRemote && _drill is null) ShowRemotes(snapshot);
        else ShowConnections(snapshot);
        UpdateInfo(snapshot);
        // A new snapshot every second usually shows the same rows: then nothing is redrawn and nothing is
        // written to the terminal (over a saturated SSH link every byte counts).
        if (!force && wasRemotes == _source.ShowsRemotes && oldInfo == _info.Text
            && (_source.ShowsRemotes ? SameRemotes(oldRemotes, oldPrograms) : SameConnections(oldConnections, _source.Connections)))
            return false;
        if (wasRemotes != _source.ShowsRemotes) _fittedWidth = -1;
        FitColumns();
        Table.Update();
        Reselect(selected);
        return true;
    }

    /// <summary>Same sockets in the same order with the same owners (PID and start time) and users.</summary>
    private static bool SameConnections(IReadOnlyList<Connection> a, IReadOnlyList<Connection> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            if (!SameShownSocket(x.Socket, y.Socket) || x.Owners.Count != y.Owners.Count || x.SocketUser != y.SocketUser) return false;
            for (int j = 0; j < x.Owners.Count; j++)
                if (!ReferenceEquals(x.Owners[j], y.Owners[j])
                    && (x.Owners[j].Pid != y.Owners[j].Pid || x.Owners[j].StartTimeTicks != y.Owners[j].StartTimeTicks || x.Owners[j].Comm != y.Owners[j].Comm))
                    return false;
        }
        return true;
    }

    /// <summary>The fields the table shows; queue lengths move on every busy socket and are not shown.</summary>
    private static bool SameShownSocket(in SocketEntry a, in SocketEntry b) =>
        a.Inode == b.Inode && a.State == b.State && a.Proto == b.Proto && a.LocalPort == b.LocalPort && a.RemotePort == b.RemotePort
        && a.LocalAddress == b.LocalAddress && a.RemoteAddress == b.RemoteAddress && a.Uid == b.Uid;

    /// <summary>Same hosts, counts and programs as the rows on screen.</summary>
    private bool SameRemotes(IReadOnlyList<RemoteHostCount> oldRows, IReadOnlyDictionary<NetAddress, string> oldPrograms)
    {
        var rows = _source.Remotes;
        if (oldRows.Count != rows.Count) return false;
        for (int i = 0; i < rows.Count; i++)
        {
            var address = rows[i].RemoteAddress;
            if (oldRows[i] != rows[i] || oldPrograms.GetValueOrDefault(address) != _source.RemotePrograms.GetValueOrDefault(address))
                return false;
        }
        return true;
    }

    private void ShowConnections(ConnectionsSnapshot snapshot)
    {
        var view = new ConnectionView(_drill is null ? _mode : ConnectionMode.All, _filter.Length == 0 ? null : _filter, _drill);
        var rows = view.Apply(snapshot);
        _source.SetConnections(_sortColumn < 0 ? rows : SortConnections(rows, _sortColumn, _sortDescending));
    }

    private void ShowRemotes(ConnectionsSnapshot snapshot)
    {
        var counts = RemoteHostCounter.Count(snapshot);
        var programs = ProgramsByRemote(snapshot);
        var rows = new List<RemoteHostCount>(counts.Count);
        foreach (var c in counts)
            if (_filter.Length == 0 || c.RemoteAddress.ToDisplayString().Contains(_filter, StringComparison.OrdinalIgnoreCase)
                || programs.GetValueOrDefault(c.RemoteAddress, "").Contains(_filter, StringComparison.OrdinalIgnoreCase))
                rows.Add(c);
        if (_sortColumn == 1) rows.Sort((a, b) => CompareAddress(a.RemoteAddress, b.RemoteAddress) * (_sortDescending ? -1 : 1));
        _source.SetRemotes(rows, programs);
    }

    /// <summary>Which programs talk to each remote host: the first question after "how many".</summary>
    private static Dictionary<NetAddress, string> ProgramsByRemote(ConnectionsSnapshot snapshot)
    {
        var sets = new Dictionary<NetAddress, SortedSet<string>>();
        foreach (var c in snapshot.Connections)
        {
            if (c.Socket.State != SocketState.Established) continue;
            var key = c.Socket.RemoteAddress.Folded;
            if (!sets.TryGetValue(key, out var names)) sets[key] = names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var o in c.Owners) names.Add(SafeText.Sanitize(o.Comm, 40));
        }
        var result = new Dictionary<NetAddress, string>(sets.Count);
        foreach (var (k, v) in sets) result[k] = string.Join(',', v);
        return result;
    }

    private void UpdateInfo(ConnectionsSnapshot snapshot)
    {
        string view = _drill is { } d ? $"Connections of {d.ToDisplayString()} (Esc: back)"
            : _byRemote ? "ESTABLISHED per remote IP (Enter: its connections)"
            : _mode switch { ConnectionMode.Established => "ESTABLISHED only", ConnectionMode.Listening => "Listening ports", _ => "All sockets" };
        int established = 0, listening = 0;
        foreach (var c in snapshot.Connections)
        {
            if (c.Socket.State == SocketState.Established) established++;
            else if (c.Socket.IsListening) listening++;
        }
        string shown = string.Create(CultureInfo.InvariantCulture, $"{_source.Rows}/{snapshot.Connections.Count}");
        string filter = _filter.Length > 0 ? $"  filter '{SafeText.Sanitize(_filter, 30)}'" : "";
        string sort = _sortColumn >= 0 ? $"  sort {_source.ColumnNames[Math.Min(_sortColumn, _source.Columns - 1)]}{(_sortDescending ? "▼" : "▲")}" : "";
        _info.Text = $"{view}  {shown}{filter}{sort}";
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Connections.Count} sockets, {established} established, {listening} listening  [{snapshot.Source} {snapshot.CollectDuration.TotalMilliseconds:0} ms]");

        _pane.ShowWarning(!snapshot.OwnersComplete ? "Not root: owners of other users' sockets are unknown (run with sudo)."
            : snapshot.Problems.Count > 0 ? snapshot.Problems[0] : null);
    }

    public void Focus() => Table.SetFocus();

    public void CollectNow()
    {
        _publisher.CollectNow();
        _dirty = true;
    }

    public IReadOnlyList<string> HelpLines { get; } =
    [
        "Connections: every TCP/UDP socket, IPv4 and IPv6, with its owning processes.",
        "  e        ESTABLISHED only (again: all)",
        "  l        listening ports",
        "  a        all sockets",
        "  r        ESTABLISHED connections counted per remote IP; Enter shows that IP's connections",
        "  Esc      back from an IP's connections to the counts",
        "  Enter    process details: exe, cmdline, cwd, parents, unit, its other sockets",
        "  F3  /    search: jump to the next row containing the text",
        "  F4  \\    filter: show only rows containing the text (empty clears)",
        "  F6  >    sort by the next column;  I  reverse",
        "  F9  k    kill the selected row's process (SIGTERM or SIGKILL; Cancel is the default)",
    ];
}
