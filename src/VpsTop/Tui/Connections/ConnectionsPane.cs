using System.Globalization;
using Terminal.Gui.Input;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>
/// `netstat -tunap` done right: every socket with state and owners, ESTABLISHED-only, listening ports, and
/// connections counted per remote IP with drill-down. Reads only the published snapshot; never touches /proc.
/// </summary>
public sealed class ConnectionsPane : TablePane
{
    private readonly ISnapshotFeed<ConnectionsSnapshot> _feed;
    private long _shownVersion = -1;
    private ConnectionMode _mode = ConnectionMode.All;
    private bool _byRemote;
    private NetAddress? _drill;

    public ConnectionsPane(ISnapshotFeed<ConnectionsSnapshot> feed, TuiContext context) : base("_Connections", context, headerLines: 1)
    {
        _feed = feed;
        Sockets = new RowTable<Connection>(ConnectionColumns.Create(context.Theme), ConnectionColumns.Key);
        Remotes = new RowTable<RemoteRow>(ConnectionColumns.Remotes(), r => r.Count.RemoteAddress);
        AddTable(Sockets);
        AddTable(Remotes);
        ShowOnly(Sockets);
    }

    public ConnectionsSnapshot Snapshot { get; private set; } = ConnectionsSnapshot.Empty;

    /// <summary>The sockets view (all, ESTABLISHED, listening, or one remote IP's).</summary>
    internal RowTable<Connection> Sockets { get; }

    /// <summary>ESTABLISHED connections counted per remote IP.</summary>
    internal RowTable<RemoteRow> Remotes { get; }

    internal bool ShowsRemotes => _byRemote && _drill is null;

    protected override IRowTable Current => ShowsRemotes ? Remotes : Sockets;

    protected override bool HasNews() => _feed.Version != _shownVersion;

    protected override bool Show(bool force)
    {
        _shownVersion = _feed.Version;
        var snapshot = Snapshot = _feed.Latest;
        bool changed;
        if (ShowsRemotes) changed = Remotes.Set(RemoteRows(snapshot), FilterText);
        else changed = Sockets.Set(new ConnectionView(_drill is null ? _mode : ConnectionMode.All, null, _drill).Apply(snapshot),
            FilterText);
        ShowOnly(Current);
        UpdateHeader(snapshot);
        return changed;
    }

    private static List<RemoteRow> RemoteRows(ConnectionsSnapshot snapshot)
    {
        var programs = ProgramsByRemote(snapshot);
        var counts = RemoteHostCounter.Count(snapshot);
        var rows = new List<RemoteRow>(counts.Count);
        foreach (var c in counts) rows.Add(new RemoteRow(c, programs.GetValueOrDefault(c.RemoteAddress, "")));
        return rows;
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

    private void UpdateHeader(ConnectionsSnapshot snapshot)
    {
        string view = _drill is { } d ? $"Connections of {d.ToDisplayString()} (Esc: back)"
            : _byRemote ? "ESTABLISHED per remote IP (Enter: its connections)"
            : _mode switch
            {
                ConnectionMode.Established => "ESTABLISHED only",
                ConnectionMode.Listening => "Listening ports",
                _ => "All sockets"
            };
        int established = 0, listening = 0;
        foreach (var c in snapshot.Connections)
        {
            if (c.Socket.State == SocketState.Established) established++;
            else if (c.Socket.IsListening) listening++;
        }
        SetLine(0, string.Create(CultureInfo.InvariantCulture, $"{view}  {Current.Count}/{snapshot.Connections.Count}{FilterAndSort()}"));
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Connections.Count} sockets, {established} established, {listening} listening  [{snapshot.Source} "
                + $"{snapshot.CollectDuration.TotalMilliseconds:0} ms]");
        ShowWarning(!snapshot.OwnersComplete ? "Not root: owners of other users' sockets are unknown (run with sudo)."
            : snapshot.Problems.Count > 0 ? snapshot.Problems[0] : null);
    }

    public override void CollectNow()
    {
        _feed.CollectNow();
        base.CollectNow();
    }

    protected override bool OnKey(Key key, IRowTable table)
    {
        switch (key.AsRune.Value)
        {
            case 'e':
                SetMode(_mode == ConnectionMode.Established && !_byRemote ? ConnectionMode.All
                : ConnectionMode.Established); return true;
            case 'l': SetMode(ConnectionMode.Listening); return true;
            case 'a': SetMode(ConnectionMode.All); return true;
            case 'r':
                _byRemote = !_byRemote || _drill is not null;
                _drill = null;
                Changed();
                return true;
            default: return base.OnKey(key, table);
        }
    }

    private void SetMode(ConnectionMode mode)
    {
        _mode = mode;
        _byRemote = false;
        _drill = null;
        Changed();
    }

    /// <summary>Esc or Backspace: from an IP's connections back to the per-IP counts.</summary>
    public override bool Back()
    {
        if (_drill is null) return false;
        _drill = null;
        Changed();
        return true;
    }

    /// <summary>Enter: on a count, drill into that IP; on a connection, open its process.</summary>
    protected override void Activate(IRowTable table)
    {
        if (ShowsRemotes)
        {
            if (Remotes.Selected is not { } remote) return;
            _drill = remote.Count.RemoteAddress;
            Changed();
            Sockets.Select(0);
            return;
        }
        if (Sockets.Selected is not { } c) return;
        if (c.Owners.Count == 0)
        {
            Inform("No process", $"No process is known for this socket: {c.OwnerUnknownReason}");
            return;
        }
        if (ChooseOwner(c, "Details of which process?") is { } owner)
            ProcessDetailsDialog.Show(Context.Modals, Context.Theme, Context.Inspector, owner, Snapshot);
    }

    public override void Kill()
    {
        if (ShowsRemotes || Sockets.Selected is not { } c) return;
        if (c.Owners.Count == 0)
        {
            Inform("Nothing to kill", $"No process is known for this socket: {c.OwnerUnknownReason}");
            return;
        }
        if (ChooseOwner(c, "Kill which process?") is not { } owner) return;
        var result = KillDialog.Show(Context, owner);
        if (result is null) return;
        KillDialog.Report(Context, result, owner);
        CollectNow();
    }

    /// <summary>A socket shared by several processes (pre-fork servers, inherited fds): let the user pick; Cancel last.</summary>
    private ProcessIdentity? ChooseOwner(Connection c, string title)
    {
        if (c.Owners.Count == 1) return c.Owners[0];
        int shown = Math.Min(c.Owners.Count, 6);
        var buttons = new string[shown + 1];
        for (int i = 0; i < shown; i++) buttons[i] = $"{c.Owners[i].Pid} {SafeText.Sanitize(c.Owners[i].Comm, 15)}";
        buttons[shown] = "_Cancel";
        string held = $"{c.Owners.Count} processes hold this socket{(c.Owners.Count > shown ? $"; the first {shown} are listed" : "")}.";
        using var dialog = Dialogs.Message(Context.Theme, title, 76, [(held, null)], buttons);
        int? choice = Context.Modals.Run(dialog);
        return choice is { } i2 && i2 < shown ? c.Owners[i2] : null;
    }

    public override IReadOnlyList<BarKey> BarKeys => _barKeys ??= [Letter('e', "Estab"), Letter('l', "Listen"), Letter('a', "All"),
        Letter('r', "PerIP")];

    private IReadOnlyList<BarKey>? _barKeys;

    public override IReadOnlyList<string> HelpLines { get; } =
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
        "  F6  >    sort by a column (a list, as htop's);  I  reverse",
        "  F9  k    kill the selected row's process (SIGTERM or SIGKILL; Cancel is the default)",
    ];
}

/// <summary>A row of the per-remote-IP view: how many ESTABLISHED connections, and which programs hold them.</summary>
public sealed record RemoteRow(RemoteHostCount Count, string Programs);
