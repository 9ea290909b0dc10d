using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// Who is trying to get in, and did anyone succeed: the "failed, then accepted" alarm on its own line, attackers per
/// IP (or the login history like last/lastb), and sshd's live feed below, coloured by kind. Enter on an IP shows its
/// events, the users it tried, the alarm's evidence and its connections right now. Reads only published snapshots.
/// </summary>
public sealed partial class AuthPane : IPane
{
    private readonly IAuthFeed _feed;
    private readonly TuiServices _services;
    private readonly TuiContext _context;
    private readonly AuthTableSource _source = new();
    private readonly AuthEventsTableSource _events = new();
    private readonly PaneTable _pane;
    private readonly Label _info;
    private readonly Label _alarm;
    private readonly Label _feedTitle;
    private readonly TableView _feedTable;
    private long _shownVersion = -1;
    private bool _dirty = true;

    private AuthView _view = AuthView.Attackers;
    private Task<LoginSources.Result>? _loading;
    private LoginSources.Result? _logins;
    private AuthView _loaded;
    private string _filter = "";
    private string _search = "";
    private int _sortColumn = -1;
    private bool _sortAscending;

    public AuthPane(TuiServices services, TuiContext context)
    {
        _services = services;
        _feed = services.Auth;
        _context = context;
        View = new View { Title = "_Auth", Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _info = PlainLabel.Create(0);
        _alarm = PlainLabel.Create(1);
        _pane = new PaneTable(context, _source, top: 2);
        Table.Height = Dim.Percent(50);
        _feedTitle = new Label { X = 0, Y = Pos.Bottom(Table), Width = Dim.Fill(), Height = 1, Text = "Live feed, newest first" };
        if (context.Theme.Info is { } info) _feedTitle.SetScheme(info);
        _feedTable = new TableView(_events) { X = 0, Y = Pos.Bottom(_feedTitle), Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true, CanFocus = true };
        StyleTables();
        Table.KeyDown += OnKeyDown;
        _feedTable.KeyDown += OnKeyDown;
        Table.Accepting += (_, e) => { Activate(fromFeed: false); e.Handled = true; };
        _feedTable.Accepting += (_, e) => { Activate(fromFeed: true); e.Handled = true; };
        View.Add(_info, _alarm, _pane.Warning, Table, _feedTitle, _feedTable);
    }

    public string Title => View.Title;
    public View View { get; }
    public AuthSnapshot Snapshot { get; private set; } = AuthSnapshot.Empty;
    internal TableView Table => _pane.Table;
    internal TableView FeedTable => _feedTable;
    internal AuthTableSource Source => _source;
    internal AuthEventsTableSource Events => _events;
    internal string AlarmLine => _alarm.Text;
    public string Summary { get; private set; } = "";

    private void StyleTables()
    {
        var feedStyle = _feedTable.Style;
        feedStyle.ShowHorizontalHeaderOverline = false;
        feedStyle.ShowHorizontalBottomLine = false;
        feedStyle.ShowVerticalCellLines = false;
        feedStyle.ShowVerticalHeaderLines = false;
        feedStyle.ExpandLastColumn = true;
        feedStyle.AlwaysShowHeaders = true;
        Table.ViewportChanged += (_, _) => FitColumns();
        if (_context.Theme.NoColor) return;
        for (int c = 0; c < AuthTableSource.AttackerColumns.Length; c++)
            Table.Style.GetOrCreateColumnStyle(c).ColorGetter = args => AttackerScheme(args.RowIndex);
        for (int c = 0; c < AuthEventsTableSource.ColumnNames.Length; c++)
            feedStyle.GetOrCreateColumnStyle(c).ColorGetter = args => EventScheme(args.RowIndex);
    }

    private Terminal.Gui.Drawing.Scheme? AttackerScheme(int row)
    {
        if (_source.View != AuthView.Attackers || row < 0 || row >= _source.Attackers.Count) return null;
        var r = _source.Attackers[row];
        if (r.Compromised) return _context.Theme.Danger;
        return r.UserCount >= 5 || r.FailuresPerMinute >= 1 ? _context.Theme.Warn : null;
    }

    private Terminal.Gui.Drawing.Scheme? EventScheme(int row)
    {
        if (row < 0 || row >= _events.Events.Count) return null;
        var e = _events.Events[row];
        if (e.Kind == AuthEventKind.Accepted)
            return e.Ip is { } ip && Snapshot.Alarms.Any(a => a.Accept.Ip == ip) ? _context.Theme.Danger : _context.Theme.Good;
        if (AuthEventKinds.IsFailure(e.Kind)) return _context.Theme.Warn;
        return e.Kind is AuthEventKind.Other or AuthEventKind.Connect or AuthEventKind.SessionClosed ? _context.Theme.Dim : null;
    }

    private int _fittedWidth = -1;
    private bool _datedFeed;

    /// <summary>Fixed widths from the space there is, so both tables fit at 80×24 and do not jump as numbers change.</summary>
    private void FitColumns()
    {
        int width = Table.Viewport.Width;
        bool datedFeed = _events.Events.Any(e => e.Time is { } t && !AuthTime.IsRecent(t, DateTimeOffset.Now));
        if (width <= 0 || (width == _fittedWidth && datedFeed == _datedFeed)) return;
        _fittedWidth = width;
        _datedFeed = datedFeed;
        // The three views share column styles by index: reset what a view sets before setting its own.
        var style = Table.Style;
        for (int c = 0; c < AuthTableSource.LoginColumns.Length; c++)
        {
            var cs = style.GetOrCreateColumnStyle(c);
            cs.Visible = true;
            cs.MinWidth = 0;
            cs.MaxWidth = int.MaxValue;
        }
        int ip = Math.Clamp(width / 4, 17, 41);
        switch (_source.View)
        {
            case AuthView.Attackers:
                PaneTable.SetWidth(style, 0, ip);
                PaneTable.SetWidth(style, 1, 7);
                PaneTable.SetWidth(style, 2, 4);
                PaneTable.SetWidth(style, 3, 5);
                PaneTable.SetWidth(style, 4, 12);
                break;
            case AuthView.Logins:
                PaneTable.SetWidth(style, 0, 12);
                PaneTable.SetWidth(style, 1, ip);
                PaneTable.SetWidth(style, 2, 7);
                PaneTable.SetWidth(style, 3, 12);
                PaneTable.SetWidth(style, 4, 16);
                break;
            default:
                PaneTable.SetWidth(style, 0, 16);
                PaneTable.SetWidth(style, 1, ip);
                PaneTable.SetWidth(style, 2, 10);
                break;
        }
        var feed = _feedTable.Style;
        // The clock alone while the feed is recent; with older events the date too, the user column gives way.
        PaneTable.SetWidth(feed, 0, datedFeed ? 12 : 8);
        PaneTable.SetWidth(feed, 1, 14);
        PaneTable.SetWidth(feed, 2, datedFeed ? 9 : 11);
        PaneTable.SetWidth(feed, 3, datedFeed ? ip - 4 : ip - 2);
        PaneTable.SetWidth(feed, 4, 5);
    }

    public bool Refresh(bool force)
    {
        long version = _feed.Version;
        bool loginsArrived = _loading is { IsCompleted: true };
        if (loginsArrived)
        {
            _logins = _loading!.IsCompletedSuccessfully ? _loading.Result
                : new LoginSources.Result([], [], [$"reading the login history failed: {_loading.Exception?.InnerException?.Message}"]);
            _loading = null;
        }
        if (!force && !_dirty && !loginsArrived && version == _shownVersion) return false;
        var snapshot = _feed.Latest;
        Snapshot = snapshot;
        _shownVersion = version;
        _dirty = false;

        var now = DateTimeOffset.Now;
        object? selected = SelectedKey();
        var oldView = _source.View;
        string oldText = _info.Text + "\n" + _alarm.Text + "\n" + _pane.Warning.Text;
        bool changed = _view == AuthView.Attackers
            ? _source.SetAttackers(ShownAttackers(snapshot), now)
            : _source.SetSessions(_view, ShownSessions(), now);
        changed |= _events.Set(ShownEvents(snapshot), now);
        UpdateHeader(snapshot);
        if (!force && !changed && oldText == _info.Text + "\n" + _alarm.Text + "\n" + _pane.Warning.Text) return false;
        if (oldView != _source.View) _fittedWidth = -1;
        FitColumns();
        Table.Update();
        _feedTable.Update();
        Reselect(selected);
        return true;
    }

    private List<AttackerRow> ShownAttackers(AuthSnapshot snapshot)
    {
        var now = snapshot.TakenAt;
        var rows = new List<AttackerRow>(snapshot.Attackers.Count);
        foreach (var r in snapshot.Attackers)
            if (_filter.Length == 0 || AuthTableSource.AttackerCells(r, now).Any(Matches)) rows.Add(r);
        if (_sortColumn >= 0) SortAttackers(rows);
        return rows;
    }

    private List<LoginSession> ShownSessions()
    {
        var now = DateTimeOffset.Now;
        var rows = new List<LoginSession>();
        if (_logins is null || _loaded != _view) return rows;
        foreach (var s in _logins.Sessions)
        {
            var cells = _view == AuthView.Logins ? AuthTableSource.LoginCells(s, now) : AuthTableSource.FailedCells(s, now);
            if (_filter.Length == 0 || cells.Any(Matches)) rows.Add(s);
        }
        return rows;
    }

    private List<AuthEvent> ShownEvents(AuthSnapshot snapshot)
    {
        var rows = new List<AuthEvent>(snapshot.Recent.Count);
        for (int i = snapshot.Recent.Count - 1; i >= 0; i--)
        {
            var e = snapshot.Recent[i];
            if (_filter.Length == 0 || AuthEventsTableSource.Cells(e, snapshot.TakenAt).Any(Matches)) rows.Add(e);
        }
        return rows;
    }

    private bool Matches(string cell) => cell.Contains(_filter, StringComparison.OrdinalIgnoreCase);

    private void UpdateHeader(AuthSnapshot snapshot)
    {
        string sources = snapshot.Sources.Count > 0 ? string.Join(" + ", snapshot.Sources.Select(s => SafeText.Sanitize(s, 60))) : "no source";
        if (snapshot.RotatedFiles.Count > 0) sources += string.Create(CultureInfo.InvariantCulture, $" + {snapshot.RotatedFiles.Count} rotated");
        string since = snapshot.Since is { } t ? $" since {AuthTime.Short(t, DateTimeOffset.Now)}" : "";
        string view = _view switch { AuthView.Logins => "Logins (last)", AuthView.FailedLogins => "Failed logins (lastb)", _ => "Attackers" };
        string filter = _filter.Length > 0 ? $"  filter '{SafeText.Sanitize(_filter, 30)}'" : "";
        _info.Text = string.Create(CultureInfo.InvariantCulture,
            $"{view}: {_source.Rows} rows{filter}  [{sources}{since}]  {snapshot.Failures} failed, {snapshot.InvalidUsers} invalid users, {snapshot.Accepted} accepted");

        if (snapshot.Alarms.Count > 0)
        {
            var a = snapshot.Alarms[^1];
            string more = snapshot.Alarms.Count > 1 ? $" (+{snapshot.Alarms.Count - 1} more)" : "";
            _alarm.Text = SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"!! ALARM {a.Source.ToDisplayString()}{(a.ByNetwork64 ? "/64" : "")} failed {a.FailureCount}×, then logged in as {a.User} ({a.Method}) at {AuthTime.Short(a.Accept.Time, DateTimeOffset.Now)}{more}  [a: evidence]"), 300);
            SetAlarmScheme(_context.Theme.Danger);
        }
        else
        {
            string patterns = string.Create(CultureInfo.InvariantCulture,
                $"No 'failed, then accepted' login.  {snapshot.SourceCount} source IPs, {snapshot.Sprays.Count} sprays, {snapshot.DistributedAttacks.Count} distributed attacks");
            _alarm.Text = snapshot.Unrecognised > 0 ? patterns + string.Create(CultureInfo.InvariantCulture, $", {snapshot.Unrecognised} other lines") : patterns;
            SetAlarmScheme(_context.Theme.Dim);
        }

        Summary = snapshot.Alarms.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"ALARM: {snapshot.Alarms.Count} failed-then-accepted, {snapshot.SourceCount} attacking IPs")
            : string.Create(CultureInfo.InvariantCulture, $"{snapshot.Failures} failed logins from {snapshot.SourceCount} IPs");

        string? warning = _feed.Version == 0 ? "Reading sshd's log…"
            : snapshot.Sources.Count == 0 ? "No readable sshd log. Tried: " + string.Join("; ", snapshot.Problems)
            : snapshot.BytesBehind > 0 ? string.Create(CultureInfo.InvariantCulture, $"Reading history: {snapshot.BytesBehind / (1024 * 1024)} MiB to go")
            : _view != AuthView.Attackers && _logins is null ? "Reading the login history…"
            : _view != AuthView.Attackers && _logins!.Problems.Count > 0 && _logins.Sessions.Count == 0 ? string.Join("; ", _logins.Problems)
            : snapshot.Unverified > 0 ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.Unverified} journal entries claim to be sshd but were not written by a root-owned sshd")
            : null;
        _pane.ShowWarning(warning);
    }

    private Terminal.Gui.Drawing.Scheme? _alarmScheme;

    private void SetAlarmScheme(Terminal.Gui.Drawing.Scheme? scheme)
    {
        if (scheme is null || ReferenceEquals(scheme, _alarmScheme)) return;
        _alarmScheme = scheme;
        _alarm.SetScheme(scheme);
    }

    public void Focus() => Table.SetFocus();

    public void CollectNow()
    {
        if (_view != AuthView.Attackers) LoadSessions(_view);
        _feed.CollectNow();
        _dirty = true;
    }

    public IReadOnlyList<string> HelpLines { get; } =
    [
        "Auth: sshd's log (journal or auth.log/secure), live. Attackers per IP above, the live feed below (Tab).",
        "  !! ALARM  an IP that failed before logged in ('failed, then accepted'); a: its evidence",
        "  Enter    the IP's events, users tried, alarm evidence and its connections right now",
        "  l        logins like `last`;  b  failed logins like `lastb`;  Esc  back to the attackers",
        "  o        older: read the rotated files too (auth.log.1, auth.log.2.gz …): the counts start over from the oldest",
        "  F3  /    search;  F4  \\  filter (both tables);  F6  >  sort by the next column;  I  reverse",
        "  F9  k    on a live login (l): end that session's process (Cancel is the default)",
        "  Red: compromised IP or an accepted login from it; yellow: failures, sprays (5+ users), fast attackers",
    ];
}
