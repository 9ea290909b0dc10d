using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Cli;
using VpsTop.Core.Collection;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;

namespace VpsTop.Tui;

/// <summary>
/// nethogs done right: bytes per process from a real capture, with 2 s / 10 s / 40 s rates, totals, a history per
/// row and a total in/out graph; suspicious binaries marked with their reasons; unattributed traffic split by why;
/// a flows view (iftop -P); Enter for the process's origin, F9 to kill it. Reads only the published snapshot.
/// </summary>
public sealed partial class BandwidthPane : IPane
{
    private static readonly string[] WindowNames = ["2 s", "10 s", "40 s"];
    private static readonly Func<Rates, double>[] Windows = [r => r.Over2s, r => r.Over10s, r => r.Over40s];

    private readonly ISnapshotFeed<BandwidthSnapshot> _feed;
    private readonly TuiServices _services;
    private readonly TuiContext _context;
    private readonly BandwidthTableSource _source = new();
    private readonly PaneTable _pane;
    private readonly Label _info;
    private readonly Label _graph;
    private long _shownVersion = -1;
    private bool _dirty = true;

    private int _window = 1;
    private bool _flows;
    private string _filter = "";
    private string _search = "";
    private int _sortColumn = -1;
    private bool _sortAscending;

    public BandwidthPane(TuiServices services, TuiContext context)
    {
        _services = services;
        _feed = services.Bandwidth;
        _context = context;
        View = new View { Title = "_Bandwidth", Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _info = PlainLabel.Create(0);
        _graph = PlainLabel.Create(1);
        _pane = new PaneTable(context, _source, top: 2);
        StyleTable();
        Table.KeyDown += OnTableKeyDown;
        Table.Accepting += (_, e) =>
        {
            Activate();
            e.Handled = true;
        };
        View.Add(_info, _graph, _pane.Warning, Table);
    }

    public string Title => View.Title;
    public View View { get; }
    public BandwidthSnapshot Snapshot { get; private set; } = BandwidthSnapshot.Empty(new TrafficSourceStatus { Description = "" });
    internal TableView Table => _pane.Table;
    internal BandwidthTableSource Source => _source;
    public string Summary { get; private set; } = "";

    private void StyleTable()
    {
        var style = Table.Style;
        Table.ViewportChanged += (_, _) => FitColumns();
        if (_context.Theme.NoColor) return;
        // Suspicious rows in red (serious) or yellow, unknown traffic in cyan, exited processes dimmed; the "!" marker
        // and the NOTE column say the same without colour.
        for (int column = 0; column < BandwidthTableSource.ProcessColumns.Length; column++)
            style.GetOrCreateColumnStyle(column).ColorGetter = args => RowScheme(args.RowIndex);
    }

    private Terminal.Gui.Drawing.Scheme? RowScheme(int row)
    {
        if (_source.ShowsFlows || row < 0 || row >= _source.Processes.Count) return null;
        var r = _source.Processes[row];
        var verdict = _source.Verdicts[row];
        if (verdict.Suspicious) return verdict.Serious ? _context.Theme.Danger : _context.Theme.Warn;
        if (r.Process is null) return _context.Theme.Info;
        return r.Exited || verdict.Level == VerdictLevel.Hint ? _context.Theme.Dim : null;
    }

    private int _fittedWidth = -1;

    /// <summary>Fixed widths from the space there is, so all columns fit at 80×24 and do not jump as numbers change.</summary>
    private void FitColumns()
    {
        int width = Table.Viewport.Width;
        if (width <= 0 || width == _fittedWidth) return;
        _fittedWidth = width;
        var style = Table.Style;
        bool narrow = width < 100;
        const int number = 9;
        // The two views share column styles by index: make every column visible, then hide what gives way.
        for (int c = 0; c < BandwidthTableSource.ProcessColumns.Length; c++) style.GetOrCreateColumnStyle(c).Visible = true;
        if (_source.ShowsFlows)
        {
            // At 80 columns the totals give way to the addresses; the rates stay.
            int totals = narrow ? 0 : 2 * (number + 1);
            int rest = Math.Max(36, width - 5 - 2 * number - totals - 5);
            PaneTable.SetWidth(style, 0, 5);
            PaneTable.SetWidth(style, 1, rest * 36 / 100);
            PaneTable.SetWidth(style, 2, rest * 36 / 100);
            PaneTable.SetWidth(style, 3, rest - 2 * (rest * 36 / 100));
            for (int c = 4; c < 8; c++) PaneTable.SetWidth(style, c, number);
            style.GetOrCreateColumnStyle(6).Visible = !narrow;
            style.GetOrCreateColumnStyle(7).Visible = !narrow;
            return;
        }
        // PID USER PROGRAM DEV SENT/s RECV/s SENT RECEIVED HISTORY NOTE; at 80 columns DEV and HISTORY give way (one
        // device is the common case, and the origin dialog names it) so the NOTE with the reasons keeps some room.
        int user = narrow ? 6 : 8, dev = 8, history = BandwidthTableSource.HistoryWidth;
        int fixedPart = 6 + user + (narrow ? 0 : dev + history + 2) + 4 * number + 7;
        int program = Math.Clamp((width - fixedPart) * 6 / 10, 12, 30);
        PaneTable.SetWidth(style, 0, 6);
        PaneTable.SetWidth(style, 1, user);
        PaneTable.SetWidth(style, 2, program);
        PaneTable.SetWidth(style, 3, dev);
        style.GetOrCreateColumnStyle(3).Visible = !narrow;
        for (int c = 4; c < 8; c++) PaneTable.SetWidth(style, c, number);
        PaneTable.SetWidth(style, 8, history);
        style.GetOrCreateColumnStyle(8).Visible = !narrow;
    }

    public bool Refresh(bool force)
    {
        long version = _feed.Version;
        if (!force && !_dirty && version == _shownVersion) return false;
        var snapshot = _feed.Latest;
        Snapshot = snapshot;
        _shownVersion = version;
        _dirty = false;

        object? selected = SelectedKey();
        bool wasFlows = _source.ShowsFlows;
        string oldText = _info.Text + "\n" + _graph.Text + "\n" + _pane.Warning.Text;
        bool changed = _flows ? _source.SetFlows(ShownFlows(snapshot), Windows[_window]) : ShowProcesses(snapshot);
        UpdateHeader(snapshot);
        // Traffic moves every second, but an idle box shows the same cells: then nothing is written to the terminal.
        if (!force && !changed && oldText == _info.Text + "\n" + _graph.Text + "\n" + _pane.Warning.Text) return false;
        if (wasFlows != _source.ShowsFlows) _fittedWidth = -1;
        FitColumns();
        Table.Update();
        Reselect(selected);
        return true;
    }

    private bool ShowProcesses(BandwidthSnapshot snapshot)
    {
        var rows = new List<BandwidthRow>(snapshot.Rows.Count);
        var verdicts = new List<ProcessVerdict>(snapshot.Rows.Count);
        foreach (var row in snapshot.Rows)
        {
            var verdict = VerdictOf(row);
            if (_filter.Length > 0 && !Matches(row, verdict)) continue;
            rows.Add(row);
        }
        SortProcesses(rows);
        foreach (var row in rows) verdicts.Add(VerdictOf(row));
        return _source.SetProcesses(rows, verdicts, Windows[_window]);
    }

    private bool Matches(BandwidthRow row, ProcessVerdict verdict)
    {
        foreach (string cell in BandwidthTableSource.ProcessCells(row, verdict, Windows[_window]))
            if (cell.Contains(_filter, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private List<FlowRow> ShownFlows(BandwidthSnapshot snapshot)
    {
        var rows = new List<FlowRow>(snapshot.Flows.Count);
        foreach (var f in snapshot.Flows)
        {
            if (_filter.Length > 0 && !BandwidthTableSource.FlowCells(f, Windows[_window]).Any(c => c.Contains(_filter, StringComparison.OrdinalIgnoreCase)))
                continue;
            rows.Add(f);
        }
        var window = Windows[_window];
        // Busiest first over the chosen window; ties by total then by the connection, so equal rows never swap places.
        rows.Sort((a, b) =>
        {
            int c = (window(b.SentRate) + window(b.ReceivedRate)).CompareTo(window(a.SentRate) + window(a.ReceivedRate));
            if (c == 0) c = (b.SentBytes + b.ReceivedBytes).CompareTo(a.SentBytes + a.ReceivedBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Key.ToString(), b.Key.ToString());
        });
        return rows;
    }

    private static ProcessVerdict VerdictOf(BandwidthRow row) => ProcessVerdict.Of(row);

    private void UpdateHeader(BandwidthSnapshot snapshot)
    {
        var window = Windows[_window];
        string view = _flows ? "Flows" : "Processes";
        string filter = _filter.Length > 0 ? $"  filter '{SafeText.Sanitize(_filter, 30)}'" : "";
        string sort = _sortColumn >= 0 ? $"  sort {_source.ColumnNames[Math.Min(_sortColumn, _source.Columns - 1)]}{(_sortAscending ? "▲" : "▼")}" : "";
        _info.Text = $"{view}, rates over {WindowNames[_window]}  {_source.Rows} rows{filter}{sort}  [{SafeText.Sanitize(snapshot.Source.Description, 60)}]";
        _graph.Text = string.Create(CultureInfo.InvariantCulture,
            $"↑ {ByteSize.Rate(window(snapshot.TotalSentRate)),-12} {Sparkline.Render(snapshot.SentHistory, 20)}  ↓ {ByteSize.Rate(window(snapshot.TotalReceivedRate)),-12} {Sparkline.Render(snapshot.ReceivedHistory, 20)}");
        int suspicious = 0;
        foreach (var v in _source.Verdicts) if (v.Suspicious) suspicious++;
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"↑ {ByteSize.Rate(window(snapshot.TotalSentRate))} ↓ {ByteSize.Rate(window(snapshot.TotalReceivedRate))}, {snapshot.Rows.Count} rows{(suspicious > 0 ? $", {suspicious} suspicious" : "")}");

        string? warning = snapshot.Source.Unavailable is { } why ? "Packet capture unavailable: " + why
            : snapshot.Source.KernelDrops > 0 ? string.Create(CultureInfo.InvariantCulture, $"The capture dropped {snapshot.Source.KernelDrops} packets (kernel buffer full): numbers are lower bounds.")
            : snapshot.Problems.Count > 0 ? snapshot.Problems[0] : null;
        _pane.ShowWarning(warning);
    }

    public void Focus() => Table.SetFocus();

    public void CollectNow()
    {
        _feed.CollectNow();
        _dirty = true;
    }

    public IReadOnlyList<string> HelpLines { get; } =
    [
        "Bandwidth: bytes per process from a packet capture (wire bytes), like nethogs.",
        "  1 2 3    rates over 2 s / 10 s / 40 s (iftop's windows); SENT and RECEIVED are totals since start",
        "  f        flows: each connection with its rates and its process (again: processes)",
        "  Enter    the process's origin: exe, package, hash, parents, cwd, unit, why it is suspicious, its flows",
        "  F3  /    search;  F4  \\  filter;  F6  >  sort by the next column;  I  reverse",
        "  F9  k    kill the selected process (SIGTERM or SIGKILL; Cancel is the default)",
        "  '!' and red/yellow: suspicious binary, reasons in NOTE; cyan 'unknown': traffic no process owns, with why",
    ];
}
