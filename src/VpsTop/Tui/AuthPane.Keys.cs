using Terminal.Gui.Input;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;

namespace VpsTop.Tui;

public sealed partial class AuthPane
{
    /// <summary>Handled before the tables' own bindings, whose type-to-jump navigation would eat the letters.</summary>
    private void OnKeyDown(object? sender, Key key)
    {
        bool handled = true;
        int ch = key.AsRune.Value;
        if (ch == 'l') Show(_view == AuthView.Logins ? AuthView.Attackers : AuthView.Logins);
        else if (ch == 'b') Show(_view == AuthView.FailedLogins ? AuthView.Attackers : AuthView.FailedLogins);
        else if (ch == 'a') AuthAlarmsDialog.Show(_context, Snapshot);
        else if (ch == 'o') _feed.ReadRotatedHistory();
        else if (key == Key.Enter) Activate(fromFeed: sender == _feedTable);
        else if (key == Key.Backspace && Back()) { }
        else if (PaneTable.HandleHtopLetter(ch, this, () => { _sortAscending = !_sortAscending; Changed(); })) { }
        else handled = false;
        if (handled) key.Handled = true;
    }

    private void Show(AuthView view)
    {
        _view = view;
        _sortColumn = -1;
        if (view != AuthView.Attackers && (_logins is null || _loaded != view)) LoadSessions(view);
        Changed();
    }

    /// <summary>wtmp and btmp are read off the UI thread: btmp on a brute-forced box holds millions of records.</summary>
    private void LoadSessions(AuthView view)
    {
        _logins = null;
        _loaded = view;
        _loading = Task.Run(() => view == AuthView.Logins ? _feed.ReadLogins() : _feed.ReadFailedLogins());
    }

    /// <summary>Esc: from the login history back to the attackers.</summary>
    public bool Back()
    {
        if (_view == AuthView.Attackers) return false;
        Show(AuthView.Attackers);
        return true;
    }

    private void Changed()
    {
        _dirty = true;
        Refresh(force: true);
    }

    /// <summary>Enter: the IP of the selected attacker, login or event, with everything known about it.</summary>
    private void Activate(bool fromFeed)
    {
        Core.Sockets.NetAddress? ip = null;
        if (fromFeed)
        {
            int row = _feedTable.Value?.SelectedCell.Y ?? -1;
            if (row >= 0 && row < _events.Events.Count) ip = _events.Events[row].Ip;
        }
        else if (_pane.SelectedRow is var row && row >= 0)
        {
            if (_source.View == AuthView.Attackers && row < _source.Attackers.Count) ip = _source.Attackers[row].Address;
            else if (_source.View != AuthView.Attackers && row < _source.Sessions.Count) ip = _source.Sessions[row].Address;
        }
        if (ip is { } address) AuthSourceDialog.Show(_context, address, Snapshot, _services.Connections.Latest);
        else _pane.Inform("No address", "This line carries no IP address (sshd logged it without one, or it is a local login).");
    }

    /// <summary>F9 on a live login: ends that session's process (its sshd or login shell) through the kill dialog.</summary>
    public void Kill()
    {
        int row = _pane.SelectedRow;
        if (_source.View != AuthView.Logins || row < 0 || row >= _source.Sessions.Count)
        {
            _pane.Inform("Nothing to kill", "Press l for the logins, select one that is still logged in, then F9 ends its session.");
            return;
        }
        var session = _source.Sessions[row];
        if (session.Ending != SessionEnd.StillLoggedIn || session.Pid <= 0 || _context.Inspector.TryRead(session.Pid) is not { } process)
        {
            _pane.Inform("Nothing to kill", "This login is not running any more.");
            return;
        }
        var result = KillDialog.Show(_context.Modals, _context.Theme, _context.Killer, process);
        if (result is null) return;
        KillDialog.Report(_context.Modals, _context.Theme, result);
        LoadSessions(AuthView.Logins);
        Changed();
    }

    public void Search()
    {
        _search = _pane.Search(_search);
    }

    public void Filter()
    {
        if (_pane.PromptFilter(_filter) is not { } text) return;
        _filter = text;
        Changed();
    }

    /// <summary>F6 cycles the attackers' sort column, then back to the ranking (compromised, then most failures).</summary>
    public void Sort()
    {
        int columns = _view == AuthView.Attackers ? 5 : 0; // USERS TRIED is not a sort key; the histories stay in time order
        _sortColumn = _sortColumn + 1 >= columns ? -1 : _sortColumn + 1;
        _sortAscending = _sortColumn == 0;
        Changed();
    }

    private void SortAttackers(List<AttackerRow> rows)
    {
        int direction = _sortAscending ? 1 : -1;
        int column = _sortColumn;
        rows.Sort((a, b) =>
        {
            int c = column switch
            {
                0 => a.Address.Family != b.Address.Family ? a.Address.Family.CompareTo(b.Address.Family) : a.Address.Bits.CompareTo(b.Address.Bits),
                1 => a.Failures.CompareTo(b.Failures),
                2 => a.Accepted.CompareTo(b.Accepted),
                3 => a.FailuresPerMinute.CompareTo(b.FailuresPerMinute),
                _ => Nullable.Compare(a.LastSeen, b.LastSeen),
            } * direction;
            return c != 0 ? c : a.Address.Bits.CompareTo(b.Address.Bits);
        });
    }

    private object KeyAt(int row) => _source.View == AuthView.Attackers ? _source.Attackers[row].Address : _source.Sessions[row];

    private object? SelectedKey() => _pane.SelectedKey(_source.Rows, KeyAt);

    /// <summary>Keeps the cursor on the same IP across refreshes as new attackers push in above it.</summary>
    private void Reselect(object? key) => _pane.Reselect(key, _source.Rows, KeyAt);
}
