using Terminal.Gui.Input;
using Terminal.Gui.Views;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;

namespace VpsTop.Tui;

public sealed partial class BandwidthPane
{
    /// <summary>Handled before the table's own bindings, whose type-to-jump navigation would eat the letters.</summary>
    private void OnTableKeyDown(object? sender, Key key)
    {
        bool handled = true;
        int ch = key.AsRune.Value;
        if (ch is '1' or '2' or '3') { _window = ch - '1'; Changed(); }
        else if (ch == 'f') { _flows = !_flows; _sortColumn = -1; Changed(); }
        else if (key == Key.Enter) Activate();
        else if (key == Key.Backspace && Back()) { }
        else if (PaneTable.HandleHtopLetter(ch, this, () => { _sortAscending = !_sortAscending; Changed(); })) { }
        else handled = false;
        if (handled) key.Handled = true;
    }

    /// <summary>Esc: from the flows view back to the processes.</summary>
    public bool Back()
    {
        if (!_flows) return false;
        _flows = false;
        _sortColumn = -1;
        Changed();
        return true;
    }

    private void Changed()
    {
        _dirty = true;
        Refresh(force: true);
    }

    private int SelectedRow => _pane.SelectedRow;

    private BandwidthRow? SelectedProcessRow =>
        !_source.ShowsFlows && SelectedRow >= 0 && SelectedRow < _source.Processes.Count ? _source.Processes[SelectedRow] : null;

    private FlowRow? SelectedFlow => _source.ShowsFlows && SelectedRow >= 0 && SelectedRow < _source.Flows.Count ? _source.Flows[SelectedRow] : null;

    /// <summary>Enter: the origin of the row's process (or, for unattributed traffic, why and which flows).</summary>
    private void Activate()
    {
        var connections = _services.Connections.Latest;
        if (SelectedProcessRow is { } row)
        {
            BandwidthOriginDialog.Show(_context, _services, row, _source.Verdicts[SelectedRow], Snapshot, connections);
            return;
        }
        if (SelectedFlow is { Process: { } p } flow)
        {
            var owner = Snapshot.Rows.FirstOrDefault(r => r.Process is { } q && q.Pid == p.Pid && q.StartTimeTicks == p.StartTimeTicks);
            if (owner is not null) BandwidthOriginDialog.Show(_context, _services, owner, VerdictOf(owner), Snapshot, connections);
        }
        else if (SelectedFlow is { } unknown)
        {
            BandwidthOriginDialog.ShowUnknown(_context, unknown.UnknownReason ?? "", Snapshot);
        }
    }

    public void Kill()
    {
        var target = SelectedProcessRow?.Process ?? SelectedFlow?.Process;
        if (target is null)
        {
            Inform("Nothing to kill", SelectedProcessRow is { UnknownReason: { } why }
                ? "No process owns this traffic: " + why
                : "Select a process row first.");
            return;
        }
        var result = KillDialog.Show(_context.Modals, _context.Theme, _context.Killer, target);
        if (result is null) return;
        KillDialog.Report(_context.Modals, _context.Theme, result);
        CollectNow();
    }

    private void Inform(string title, string message) => _pane.Inform(title, message);

    public void Search() => _search = _pane.Search(_search);

    public void Filter()
    {
        if (_pane.PromptFilter(_filter) is not { } text) return;
        _filter = text;
        Changed();
    }

    /// <summary>F6 cycles the sort column, then back to "busiest over the chosen window".</summary>
    public void Sort()
    {
        int columns = _source.ShowsFlows ? 0 : 9; // the flows view keeps busiest-first; HISTORY/NOTE are not sort keys
        _sortColumn = _sortColumn + 1 >= columns ? -1 : _sortColumn + 1;
        _sortAscending = _sortColumn is 0 or 1 or 2 or 3;
        Changed();
    }

    /// <summary>Busiest first by default; every order ends with the row key, so equal rows never swap places.</summary>
    private void SortProcesses(List<BandwidthRow> rows)
    {
        var window = Windows[_window];
        int column = _sortColumn;
        int direction = column < 0 ? 1 : _sortAscending ? 1 : -1;
        rows.Sort((a, b) =>
        {
            int c = column switch
            {
                0 => (a.Process?.Pid ?? int.MaxValue).CompareTo(b.Process?.Pid ?? int.MaxValue),
                1 => string.CompareOrdinal(a.Process?.User, b.Process?.User),
                2 => string.CompareOrdinal(a.Process?.Comm ?? "~", b.Process?.Comm ?? "~"),
                3 => string.CompareOrdinal(a.Devices, b.Devices),
                4 => window(a.SentRate).CompareTo(window(b.SentRate)),
                5 => window(a.ReceivedRate).CompareTo(window(b.ReceivedRate)),
                6 => a.SentBytes.CompareTo(b.SentBytes),
                7 => a.ReceivedBytes.CompareTo(b.ReceivedBytes),
                8 => a.History.Sum().CompareTo(b.History.Sum()),
                _ => (window(b.SentRate) + window(b.ReceivedRate)).CompareTo(window(a.SentRate) + window(a.ReceivedRate)) is var r && r != 0
                    ? r : b.TotalBytes.CompareTo(a.TotalBytes),
            } * direction;
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
    }

    /// <summary>What identifies a row across refreshes: the process (PID + start time) or the flow.</summary>
    private object KeyAt(int row) => _source.ShowsFlows ? _source.Flows[row].Key : _source.Processes[row].Key;

    private object? SelectedKey() => _pane.SelectedKey(_source.Rows, KeyAt);

    /// <summary>Keeps the cursor on the same process across refreshes, as htop keeps it on the same PID.</summary>
    private void Reselect(object? key) => _pane.Reselect(key, _source.Rows, KeyAt);
}
