using Terminal.Gui.Input;
using Terminal.Gui.Views;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

public sealed partial class ConnectionsPane
{
    /// <summary>Handled before the table's own bindings, whose type-to-jump navigation would eat the letters.</summary>
    private void OnTableKeyDown(object? sender, Key key)
    {
        bool handled = true;
        int ch = key.AsRune.Value;
        if (ch == 'e') SetMode(_mode == ConnectionMode.Established && !_byRemote ? ConnectionMode.All : ConnectionMode.Established);
        else if (ch == 'l') SetMode(ConnectionMode.Listening);
        else if (ch == 'a') SetMode(ConnectionMode.All);
        else if (ch == 'r') ToggleByRemote();
        else if (key == Key.Enter) Activate();
        else if (key == Key.Backspace && Back()) { }
        else if (PaneTable.HandleHtopLetter(ch, this, () => { _sortDescending = !_sortDescending; Changed(); })) { }
        else handled = false;
        if (handled) key.Handled = true;
    }

    /// <summary>Esc or Backspace: from an IP's connections back to the per-IP counts.</summary>
    public bool Back()
    {
        if (_drill is null) return false;
        _drill = null;
        Changed();
        return true;
    }

    private void SetMode(ConnectionMode mode)
    {
        _mode = mode;
        _byRemote = false;
        _drill = null;
        Changed();
    }

    private void ToggleByRemote()
    {
        _byRemote = !_byRemote || _drill is not null;
        _drill = null;
        _sortColumn = -1;
        Changed();
    }

    private void Changed()
    {
        _dirty = true;
        Refresh(force: true);
    }

    private int SelectedRow => _pane.SelectedRow;

    private Connection? SelectedConnection =>
        !_source.ShowsRemotes && SelectedRow >= 0 && SelectedRow < _source.Connections.Count ? _source.Connections[SelectedRow] : null;

    /// <summary>Enter: on a count, drill into that IP; on a connection, open its process.</summary>
    private void Activate()
    {
        if (_source.ShowsRemotes)
        {
            if (SelectedRow >= 0 && SelectedRow < _source.Remotes.Count)
            {
                _drill = _source.Remotes[SelectedRow].RemoteAddress;
                Changed();
                _pane.Select(0);
            }
            return;
        }
        if (SelectedConnection is not { } c) return;
        if (c.Owners.Count == 0)
        {
            Inform("No process", $"No process is known for this socket: {c.OwnerUnknownReason}");
            return;
        }
        if (ChooseOwner(c, "Details of which process?") is { } owner)
            ProcessDetailsDialog.Show(_context.Modals, _context.Theme, _context.Inspector, owner, Snapshot);
    }

    public void Kill()
    {
        if (SelectedConnection is not { } c) return;
        if (c.Owners.Count == 0)
        {
            Inform("Nothing to kill", $"No process is known for this socket: {c.OwnerUnknownReason}");
            return;
        }
        if (ChooseOwner(c, "Kill which process?") is not { } owner) return;
        var result = KillDialog.Show(_context.Modals, _context.Theme, _context.Killer, owner);
        if (result is null) return;
        KillDialog.Report(_context.Modals, _context.Theme, result);
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
        using var dialog = Dialogs.Create(_context.Theme, title, 76, 8, buttons);
        Dialogs.AddLines(dialog, [($"{c.Owners.Count} processes hold this socket{(c.Owners.Count > shown ? $"; the first {shown} are listed" : "")}.", null)]);
        int? choice = _context.Modals.Run(dialog);
        return choice is { } i2 && i2 < shown ? c.Owners[i2] : null;
    }

    private void Inform(string title, string message) => _pane.Inform(title, message);

    public void Search() => _search = _pane.Search(_search);

    public void Filter()
    {
        if (_pane.PromptFilter(_filter) is not { } text) return;
        _filter = text;
        Changed();
    }

    /// <summary>F6 cycles the sort column (htop picks from a list; with six columns cycling is quicker), then back to kernel order.</summary>
    public void Sort()
    {
        int columns = _source.Columns;
        _sortColumn = _sortColumn + 1 >= columns ? -1 : _sortColumn + 1;
        if (_source.ShowsRemotes && _sortColumn == 0) _sortColumn = 1; // counts are already sorted by count
        if (_source.ShowsRemotes && _sortColumn > 1) _sortColumn = -1;
        Changed();
    }

    private readonly record struct ConnectionKey(Proto Proto, NetAddress Local, ushort LocalPort, NetAddress Remote, ushort RemotePort, ulong Inode);

    /// <summary>What identifies a row across refreshes: the host in the counts view, the socket otherwise.</summary>
    private object KeyAt(int row)
    {
        if (_source.ShowsRemotes) return _source.Remotes[row].RemoteAddress;
        var s = _source.Connections[row].Socket;
        return new ConnectionKey(s.Proto, s.LocalAddress, s.LocalPort, s.RemoteAddress, s.RemotePort, s.Inode);
    }

    private object? SelectedKey() => _pane.SelectedKey(_source.Rows, KeyAt);

    /// <summary>Keeps the cursor on the same socket (or host) across refreshes, as htop keeps it on the same PID.</summary>
    private void Reselect(object? key) => _pane.Reselect(key, _source.Rows, KeyAt);
}
