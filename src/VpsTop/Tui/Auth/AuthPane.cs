using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Text;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>
/// Who is trying to get in, and did anyone succeed: the "failed, then accepted" alarm on its own line, attackers per
/// IP (or the login history like last/lastb), and sshd's live feed below, coloured by kind. Enter on an IP shows its
/// events, the users it tried, the alarm's evidence and its connections right now. Reads only published snapshots.
/// </summary>
public sealed class AuthPane : TablePane
{
    private readonly IAuthFeed _feed;
    private readonly TuiServices _services;
    private readonly Label _feedTitle;
    private long _shownVersion = -1;
    private AuthView _view = AuthView.Attackers;
    private Task<LoginSources.Result>? _loading;
    private LoginSources.Result? _logins;
    private AuthView _loaded;
    private Terminal.Gui.Drawing.Scheme? _alarmScheme;

    public AuthPane(TuiServices services, TuiContext context) : base("_Auth", context, headerLines: 2)
    {
        _services = services;
        _feed = services.Auth;
        Func<DateTimeOffset> now = () => DateTimeOffset.Now;
        var color = !context.Theme.NoColor;
        Attackers = new RowTable<AttackerRow>(AuthColumns.Attackers(now), r => r.Address, rowColor: color ? AttackerScheme : null);
        Logins = new RowTable<LoginSession>(AuthColumns.Logins(now), s => s);
        FailedLogins = new RowTable<LoginSession>(AuthColumns.FailedLogins(now), s => s);
        Feed = new RowTable<AuthEvent>(AuthColumns.Feed(now), e => e, rowColor: color ? EventScheme : null);
        foreach (var table in new IRowTable[] { Attackers, Logins, FailedLogins, Feed }) AddTable(table);
        foreach (var table in new IRowTable[] { Attackers, Logins, FailedLogins }) table.View.Height = Dim.Percent(50);
        _feedTitle = new Label { X = 0, Y = Pos.Bottom(Attackers.View), Width = Dim.Fill(), Height = 1, Text = "Live feed, newest first" };
        if (context.Theme.Info is { } info) _feedTitle.SetScheme(info);
        Feed.View.Y = Pos.Bottom(_feedTitle);
        Feed.View.Visible = true;
        Body.Add(_feedTitle);
        foreach (var table in new IRowTable[] { Attackers, Logins, FailedLogins, Feed })
            table.View.HasFocusChanged += (_, _) => MarkFocus();
        ShowTop();
    }

    public AuthSnapshot Snapshot { get; private set; } = AuthSnapshot.Empty;
    internal RowTable<AttackerRow> Attackers { get; }
    internal RowTable<LoginSession> Logins { get; }
    internal RowTable<LoginSession> FailedLogins { get; }
    internal RowTable<AuthEvent> Feed { get; }
    internal AuthView ViewShown => _view;

    /// <summary>The sessions of the login history view shown (last or lastb).</summary>
    internal IReadOnlyList<LoginSession> Sessions => _view == AuthView.FailedLogins ? FailedLogins.Rows : Logins.Rows;
    internal string AlarmLine { get; private set; } = "";

    /// <summary>The upper table of the view shown.</summary>
    private IRowTable Top => _view switch { AuthView.Logins => Logins, AuthView.FailedLogins => FailedLogins, _ => Attackers };

    protected override IRowTable Current => Feed.View.HasFocus ? Feed : Top;

    protected override bool HasNews() => _feed.Version != _shownVersion || _loading is { IsCompleted: true };

    private Terminal.Gui.Drawing.Scheme? AttackerScheme(AttackerRow r) =>
        r.Compromised ? Context.Theme.Danger : r.UserCount >= 5 || r.FailuresPerMinute >= 1 ? Context.Theme.Warn : null;

    private Terminal.Gui.Drawing.Scheme? EventScheme(AuthEvent e)
    {
        if (e.Kind == AuthEventKind.Accepted)
            return e.Ip is { } ip && Snapshot.Alarms.Any(a => a.Accept.Ip == ip) ? Context.Theme.Danger : Context.Theme.Good;
        if (AuthEventKinds.IsFailure(e.Kind)) return Context.Theme.Warn;
        return e.Kind is AuthEventKind.Other or AuthEventKind.Connect or AuthEventKind.SessionClosed ? Context.Theme.Dim : null;
    }

    /// <summary>Which of the two tables has the keys: a marker on its title, so Tab is never a guess.</summary>
    private void MarkFocus()
    {
        string title = (Feed.View.HasFocus ? "▶ " : "") + "Live feed, newest first";
        if (_feedTitle.Text != title) _feedTitle.Text = title;
        if (Snapshot is { } s) UpdateHeader(s);
    }

    protected override bool Show(bool force)
    {
        if (_loading is { IsCompleted: true } loaded)
        {
            _logins = loaded.IsCompletedSuccessfully ? loaded.Result
                : new LoginSources.Result([], [], [$"reading the login history failed: {loaded.Exception?.InnerException?.Message}"]);
            _loading = null;
        }
        _shownVersion = _feed.Version;
        var snapshot = Snapshot = _feed.Latest;
        bool changed = _view switch
        {
            AuthView.Attackers => Attackers.Set(snapshot.Attackers, FilterText),
            _ => (_view == AuthView.Logins ? Logins : FailedLogins).Set(_logins is not null && _loaded == _view ? _logins.Sessions : [],
                FilterText),
        };
        var events = new List<AuthEvent>(snapshot.Recent.Count);
        for (int i = snapshot.Recent.Count - 1; i >= 0; i--) events.Add(snapshot.Recent[i]);
        changed |= Feed.Set(events, FilterText);
        UpdateHeader(snapshot);
        return changed;
    }

    private void UpdateHeader(AuthSnapshot snapshot)
    {
        string sources = snapshot.Sources.Count > 0 ? string.Join(" + ", snapshot.Sources.Select(s => SafeText.Sanitize(s,
            60))) : "no source";
        if (snapshot.RotatedFiles.Count > 0) sources += string.Create(CultureInfo.InvariantCulture,
            $" + {snapshot.RotatedFiles.Count} rotated");
        string since = snapshot.Since is { } t ? $" since {AuthTime.Short(t, DateTimeOffset.Now)}" : "";
        string view = _view switch
        {
            AuthView.Logins => "Logins (last)",
            AuthView.FailedLogins => "Failed logins (lastb)",
            _ => "Attackers"
        };
        string focus = Feed.View.HasFocus ? "" : "▶ ";
        SetLine(0, string.Create(CultureInfo.InvariantCulture,
            $"{focus}{view}: {Top.Count} rows{FilterAndSort()}  [{sources}{since}]  {snapshot.Failures} failed, {snapshot.InvalidUsers} "
                + $"invalid users, {snapshot.Accepted} accepted"));
        if (snapshot.Alarms.Count > 0)
        {
            var a = snapshot.Alarms[^1];
            string more = snapshot.Alarms.Count > 1 ? $" (+{snapshot.Alarms.Count - 1} more)" : "";
            AlarmLine = SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"!! ALARM {a.Source.ToDisplayString()}{(a.ByNetwork64 ? "/64" : "")} failed {a.FailureCount}×, then logged in as "
                    + $"{a.User} ({a.Method}) at {AuthTime.Short(a.Accept.Time, DateTimeOffset.Now)}{more}  [a: evidence]"), 300);
            SetAlarmScheme(Context.Theme.Danger);
        }
        else
        {
            AlarmLine = string.Create(CultureInfo.InvariantCulture,
                $"No 'failed, then accepted' login.  {snapshot.SourceCount} source IPs, {snapshot.Sprays.Count} sprays, "
                    + $"{snapshot.DistributedAttacks.Count} distributed attacks")
                + (snapshot.Unrecognised > 0 ? string.Create(CultureInfo.InvariantCulture, $", {snapshot.Unrecognised} other lines") : "");
            SetAlarmScheme(Context.Theme.Dim);
        }
        SetLine(1, AlarmLine);
        Summary = snapshot.Alarms.Count > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"ALARM: {snapshot.Alarms.Count} failed-then-accepted, {snapshot.SourceCount} attacking IPs")
            : string.Create(CultureInfo.InvariantCulture, $"{snapshot.Failures} failed logins from {snapshot.SourceCount} IPs");
        ShowWarning(_feed.Version == 0 ? "Reading sshd's log…"
            : snapshot.Sources.Count == 0 ? "No readable sshd log. Tried: " + string.Join("; ", snapshot.Problems)
            : snapshot.BytesBehind > 0 ? string.Create(CultureInfo.InvariantCulture,
                $"Reading history: {snapshot.BytesBehind / (1024 * 1024)} MiB to go")
            : _view != AuthView.Attackers && _logins is null ? "Reading the login history…"
            : _view != AuthView.Attackers && _logins!.Problems.Count > 0 && _logins.Sessions.Count == 0 ? string.Join("; ",
                _logins.Problems)
            : _view == AuthView.Logins && Logins.Count < snapshot.Accepted
                ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.Accepted} accepted in the log, {Logins.Count} logins in wtmp: ")
                    + "sessions without a terminal (scp, sftp, ssh -T, tunnels) never reach wtmp"
            : snapshot.Unverified > 0 ? string.Create(CultureInfo.InvariantCulture,
                $"{snapshot.Unverified} journal entries claim to be sshd but were not written by a root-owned sshd")
            : snapshot.Problems.Count > 0 ? snapshot.Problems[0]
            : null);
    }

    private void SetAlarmScheme(Terminal.Gui.Drawing.Scheme? scheme)
    {
        if (scheme is null || ReferenceEquals(scheme, _alarmScheme)) return;
        _alarmScheme = scheme;
        SetLineScheme(1, scheme); // the alarm's line
    }

    public override void CollectNow()
    {
        if (_view != AuthView.Attackers) LoadSessions(_view);
        _feed.CollectNow();
        base.CollectNow();
    }

    protected override bool OnKey(Key key, IRowTable table)
    {
        switch (key.AsRune.Value)
        {
            case 'l': ShowView(_view == AuthView.Logins ? AuthView.Attackers : AuthView.Logins); return true;
            case 'b': ShowView(_view == AuthView.FailedLogins ? AuthView.Attackers : AuthView.FailedLogins); return true;
            case 'a': AuthAlarmsDialog.Show(Context, Snapshot); return true;
            case 'o': _feed.ReadRotatedHistory(); return true;
            default: return base.OnKey(key, table);
        }
    }

    private void ShowView(AuthView view)
    {
        _view = view;
        if (view != AuthView.Attackers && (_logins is null || _loaded != view)) LoadSessions(view);
        ShowTop();
        Changed();
    }

    private void ShowTop()
    {
        // Hiding the focused table hands the focus to the feed: remember where it was first.
        bool topFocused = (Body.HasFocus || View.HasFocus) && !Feed.View.HasFocus;
        foreach (var table in new IRowTable[] { Attackers, Logins, FailedLogins }) table.View.Visible = ReferenceEquals(table, Top);
        _feedTitle.Y = Pos.Bottom(Top.View);
        if (topFocused) Top.View.SetFocus();
    }

    /// <summary>wtmp and btmp are read off the UI thread: btmp on a brute-forced box holds millions of records.</summary>
    private void LoadSessions(AuthView view)
    {
        // Reading the same history again (F5, after F9) keeps its rows until the new ones are in: a table that empties
        // under the cursor loses its selection and its focus.
        if (_loaded != view) _logins = null;
        _loaded = view;
        _loading = Task.Run(() => view == AuthView.Logins ? _feed.ReadLogins() : _feed.ReadFailedLogins());
    }

    /// <summary>Esc: from the login history back to the attackers.</summary>
    public override bool Back()
    {
        if (_view == AuthView.Attackers) return false;
        ShowView(AuthView.Attackers);
        return true;
    }

    /// <summary>Enter: the IP of the selected attacker, login or event, with everything known about it.</summary>
    protected override void Activate(IRowTable table)
    {
        Core.Sockets.NetAddress? ip = ReferenceEquals(table, Feed) ? Feed.Selected?.Ip
            : _view == AuthView.Attackers ? Attackers.Selected?.Address
            : (_view == AuthView.Logins ? Logins : FailedLogins).Selected?.Address;
        if (ip is { } address) AuthSourceDialog.Show(Context, address, Snapshot, _services.Connections.Latest);
        else Inform("No address", "This line carries no IP address (sshd logged it without one, or it is a local login).");
    }

    /// <summary>F9 on a live login: ends that session's process (its sshd or login shell) through the kill dialog.</summary>
    public override void Kill()
    {
        if (_view != AuthView.Logins || Logins.Selected is not { } session)
        {
            Inform("Nothing to kill", "Press l for the logins, select one that is still logged in, then F9 ends its session.");
            return;
        }
        if (session.Ending != SessionEnd.StillLoggedIn || session.Pid <= 0 || Context.Inspector.TryRead(session.Pid) is not { } process)
        {
            Inform("Nothing to kill", "This login is not running any more.");
            return;
        }
        var result = KillDialog.Show(Context, process);
        if (result is null) return;
        KillDialog.Report(Context, result, process);
        LoadSessions(AuthView.Logins);
        Changed();
    }

    public override IReadOnlyList<BarKey> BarKeys => _barKeys ??= [Letter('a', "Alarms"), Letter('l', "Last"), Letter('b', "Lastb"),
        Letter('o', "Older")];

    private IReadOnlyList<BarKey>? _barKeys;

    /// <summary>F9 ends a live login's session, from the login history (l).</summary>
    public override bool CanKill => _view == AuthView.Logins;

    public override IReadOnlyList<string> HelpLines { get; } =
    [
        "Auth: sshd's log (journal or auth.log/secure), live. Attackers per IP above, the live feed below (Tab; ▶ marks",
        "  the table the keys act on).",
        "  !! ALARM  an IP that failed before logged in ('failed, then accepted'); a: its evidence",
        "  Enter    the IP's events, users tried, alarm evidence and its connections right now",
        "  l        logins like `last`;  b  failed logins like `lastb`;  Esc  back to the attackers",
        "  o        older: read the rotated files too (auth.log.1, auth.log.2.gz …): the counts start over from the oldest",
        "  F3  /    search;  F4  \\  filter (both tables);  F6  >  sort by a column (a list);  I  reverse",
        "  F9  k    on a live login (l): end that session's process (Cancel is the default)",
        "  Red: compromised IP or an accepted login from it; yellow: failures, sprays (5+ users), fast attackers",
    ];
}
