using System.Globalization;
using Terminal.Gui.Input;
using VpsTop.Core.Collection;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>
/// nethogs done right: bytes per process from a real capture, with 2 s / 10 s / 40 s rates, totals, a history per
/// row and a total in/out graph; suspicious binaries marked with their reasons; unattributed traffic split by why;
/// a flows view (iftop -P); Enter for the process's origin, F9 to kill it. Reads only the published snapshot.
/// </summary>
public sealed class BandwidthPane : TablePane
{
    private const int GraphWidth = 16;
    private static readonly string[] WindowNames = ["2 s", "10 s", "40 s"];
    private static readonly Func<Rates, double>[] Windows = [r => r.Over2s, r => r.Over10s, r => r.Over40s];

    private readonly ISnapshotFeed<BandwidthSnapshot> _feed;
    private readonly TuiServices _services;
    private long _shownVersion = -1;
    private int _window = 1;
    private bool _flows;

    public BandwidthPane(TuiServices services, TuiContext context) : base("_Bandwidth", context, headerLines: 2)
    {
        _services = services;
        _feed = services.Bandwidth;
        Func<Func<Rates, double>> window = () => Windows[_window];
        Processes = new RowTable<ProcessLine>(BandwidthColumns.Processes(window), l => l.Row.Key, BandwidthColumns.Busiest(window),
            context.Theme.NoColor ? null : RowScheme);
        Flows = new RowTable<FlowRow>(BandwidthColumns.Flows(window), f => f.Key, BandwidthColumns.BusiestFlow(window));
        AddTable(Processes);
        AddTable(Flows);
        ShowOnly(Processes);
    }

    public BandwidthSnapshot Snapshot { get; private set; } = BandwidthSnapshot.Empty(new TrafficSourceStatus { Description = "" });
    internal RowTable<ProcessLine> Processes { get; }
    internal RowTable<FlowRow> Flows { get; }
    internal bool ShowsFlows => _flows;

    protected override IRowTable Current => _flows ? Flows : Processes;

    protected override bool HasNews() => _feed.Version != _shownVersion;

    /// <summary>Suspicious rows in red (serious) or yellow, unknown traffic in cyan, exited processes dimmed; the "!"
    /// marker and the NOTE column say the same without colour.</summary>
    private Terminal.Gui.Drawing.Scheme? RowScheme(ProcessLine line)
    {
        if (line.Verdict.Suspicious) return line.Verdict.Serious ? Context.Theme.Danger : Context.Theme.Warn;
        if (line.Row.Process is null) return Context.Theme.Info;
        return line.Row.Exited || line.Verdict.Level == VerdictLevel.Hint ? Context.Theme.Dim : null;
    }

    protected override bool Show(bool force)
    {
        _shownVersion = _feed.Version;
        var snapshot = Snapshot = _feed.Latest;
        bool changed;
        if (_flows) changed = Flows.Set(snapshot.Flows, FilterText);
        else
        {
            var lines = new List<ProcessLine>(snapshot.Rows.Count);
            foreach (var row in snapshot.Rows) lines.Add(new ProcessLine(row, ProcessVerdict.Of(row)));
            changed = Processes.Set(lines, FilterText);
        }
        ShowOnly(Current);
        UpdateHeader(snapshot);
        return changed;
    }

    private void UpdateHeader(BandwidthSnapshot snapshot)
    {
        var window = Windows[_window];
        SetLine(0, $"{(_flows ? "Flows" : "Processes")}, rates over {WindowNames[_window]}  {Current.Count} rows{FilterAndSort()}"
            + $"  [{SafeText.Sanitize(snapshot.Source.Description, 60)}]");
        // One scale for both graphs, said in words: each scaled to its own peak, a trickle looked like the flood beside it.
        long peak = Math.Max(Sparkline.Peak(snapshot.SentHistory, GraphWidth), Sparkline.Peak(snapshot.ReceivedHistory, GraphWidth));
        string sent = Sparkline.Render(snapshot.SentHistory, GraphWidth, peak);
        string received = Sparkline.Render(snapshot.ReceivedHistory, GraphWidth, peak);
        SetLine(1, string.Create(CultureInfo.InvariantCulture,
            $"↑ {ByteSize.Rate(window(snapshot.TotalSentRate)),-10} {sent}  ↓ {ByteSize.Rate(window(snapshot.TotalReceivedRate)),-10} "
                + $"{received}  █ {ByteSize.Rate(peak)}"));
        int suspicious = 0;
        foreach (var row in snapshot.Rows) if (row.Suspicious) suspicious++;
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"↑ {ByteSize.Rate(window(snapshot.TotalSentRate))} ↓ {ByteSize.Rate(window(snapshot.TotalReceivedRate))}, "
                + $"{snapshot.Rows.Count} rows")
            + (suspicious > 0 ? string.Create(CultureInfo.InvariantCulture, $", {suspicious} suspicious") : "");
        ShowWarning(snapshot.Source.Unavailable is { } why ? "Packet capture unavailable: " + why
            : snapshot.Source.KernelDrops > 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"The capture dropped {snapshot.Source.KernelDrops} packets (kernel buffer full): numbers are lower bounds.")
            : snapshot.Problems.Count > 0 ? snapshot.Problems[0] : null);
    }

    public override void CollectNow()
    {
        _feed.CollectNow();
        base.CollectNow();
    }

    protected override bool OnKey(Key key, IRowTable table)
    {
        int ch = key.AsRune.Value;
        if (ch is '1' or '2' or '3')
        {
            _window = ch - '1';
            Changed();
            return true;
        }
        if (ch != 'f') return base.OnKey(key, table);
        _flows = !_flows;
        Changed();
        return true;
    }

    /// <summary>Esc: from the flows view back to the processes.</summary>
    public override bool Back()
    {
        if (!_flows) return false;
        _flows = false;
        Changed();
        return true;
    }

    /// <summary>Enter: the origin of the row's process (or, for unattributed traffic, why and which flows).</summary>
    protected override void Activate(IRowTable table)
    {
        var connections = _services.Connections.Latest;
        if (!_flows && Processes.Selected is { } line)
        {
            BandwidthOriginDialog.Show(Context, _services, line.Row, line.Verdict, Snapshot, connections);
            return;
        }
        if (!_flows || Flows.Selected is not { } flow) return;
        if (flow.Process is { } p)
        {
            var owner = Snapshot.Rows.FirstOrDefault(r => r.Process is { } q && q.Pid == p.Pid && q.StartTimeTicks == p.StartTimeTicks);
            if (owner is not null) BandwidthOriginDialog.Show(Context, _services, owner, ProcessVerdict.Of(owner), Snapshot, connections);
        }
        else BandwidthOriginDialog.ShowUnknown(Context, flow.UnknownReason ?? "", Snapshot);
    }

    public override void Kill()
    {
        var target = _flows ? Flows.Selected?.Process : Processes.Selected?.Row.Process;
        if (target is null)
        {
            Inform("Nothing to kill", !_flows && Processes.Selected?.Row.UnknownReason is { } why
                ? "No process owns this traffic: " + why
                : "Select a process row first.");
            return;
        }
        var result = KillDialog.Show(Context, target);
        if (result is null) return;
        KillDialog.Report(Context, result, target);
        CollectNow();
    }

    public override IReadOnlyList<BarKey> BarKeys => _barKeys ??= [Letter('1', " 2s"), Letter('2', " 10s"), Letter('3', " 40s"),
        Letter('f', "Flows")];

    private IReadOnlyList<BarKey>? _barKeys;

    public override IReadOnlyList<string> HelpLines { get; } =
    [
        "Bandwidth: bytes per process from a packet capture (wire bytes), like nethogs.",
        "  1 2 3    rates over 2 s / 10 s / 40 s (iftop's windows); SENT and RECEIVED are totals since start",
        "  f        flows: each connection with its rates and its process (again: processes)",
        "  Enter    the process's origin: exe, package, hash, parents, cwd, unit, why it is suspicious, its flows",
        "  F3  /    search;  F4  \\  filter;  F6  >  sort by a column (a list);  I  reverse",
        "  F9  k    kill the selected process (SIGTERM or SIGKILL; Cancel is the default)",
        "  '!' and red/yellow: suspicious binary, reasons in NOTE; cyan 'unknown': traffic no process owns, with why",
        "  The graphs of all traffic up and down share one scale: the rate at the end of their line is a full bar.",
    ];
}
