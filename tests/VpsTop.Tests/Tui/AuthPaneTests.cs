using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The real main window with the Auth tab shown, on Terminal.Gui's ANSI driver without a terminal, fed by
/// hand-written log lines that went through the real parser and analysis (<see cref="IncidentAuth"/>).</summary>
public sealed class AuthPaneTests(ITestOutputHelper output) : IDisposable
{
    private readonly TuiTestHost _host = new(output);
    private readonly ITestOutputHelper _output = output;
    private readonly HandAuthFeed _auth = IncidentAuth.Feed();

    private AuthPane Start(bool noColor = false, int width = 80, int height = 24) =>
        _host.Show<AuthPane>(_host.Services(s => s with { Auth = _auth }),
            noColor, width, height);

    public void Dispose() => _host.Dispose();

    private string Screen() => _host.Screen();

    private void Press(params Key[] keys) => _host.Press(keys);

    private static int RowOf(AuthPane pane, string ip) =>
        pane.Attackers.Rows.Select((r, i) => (r, i)).Single(x => x.r.Address.ToDisplayString() == ip).i;

    /// <summary>Waits for the login history, which the pane reads off the UI thread.</summary>
    private static void AwaitSessions(AuthPane pane) =>
        Poll.Until(() => { pane.Refresh(force: false); return pane.Sessions.Count; }, n => n > 0,
            "the login history in the pane", TimeSpan.FromSeconds(10), n => $"{n} sessions");

    [Fact]
    public void At_80x24_the_alarm_the_compromised_attacker_and_the_live_feed_are_on_one_screen()
    {
        var pane = Start();
        string screen = Screen();
        Assert.Contains("!! ALARM 203.0.113.66 failed 13×, then logged in as root (password)", screen);
        Assert.Equal("203.0.113.66", pane.Attackers.Rows[0].Address.ToDisplayString());
        string top = screen.Split('\n').First(l => l.Contains("! 203.0.113.66", StringComparison.Ordinal));
        Assert.Contains("13", top);
        Assert.Contains("2: oracle, root", top);
        foreach (string column in new[] { "IP", "FAILED", "LAST SEEN", "USERS TRIED", "TIME", "KIND", "DETAIL" }) Assert.Contains(column,
            screen);
        Assert.Contains("Live feed", screen);
        Assert.Contains("accepted", screen);          // the newest events are at the top of the feed
        Assert.Contains("[/var/log/auth.log", screen);
        foreach (string line in screen.Split('\n')) Assert.True(line.TrimEnd('\r').Length <= 80, line);
        Assert.Contains("ALARM", _host.Window.Panes.OfType<AuthPane>().Single().Summary);
    }

    [Fact]
    public void Attacker_text_is_inert_and_without_colour_the_alarm_is_still_words_and_markers()
    {
        var pane = Start(noColor: true);
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "198.51.100.23")));
        string screen = Screen();
        Assert.DoesNotContain("\u001b[2J", screen);
        Assert.DoesNotContain("\u202e", screen);
        Assert.Contains("\\x1b[2J", string.Join(' ', pane.Attackers.Rows.Select(pane.Attackers.Columns[5].Text)));
        Assert.Contains("!! ALARM", screen);
        Assert.Contains("! 203.0.113.66", screen);
    }

    [Fact]
    public void Enter_on_the_attacker_shows_the_evidence_the_users_and_its_connections_now()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "203.0.113.66")));
        Press(Key.Enter);
        Assert.Equal("203.0.113.66", _host.Modals.Titles.Last());
        string dialog = _host.Modals.Screens.Last();
        _output.WriteLine(dialog);
        Assert.Contains("13 failed logins, 1 accepted", dialog);
        Assert.Contains("Connections now:", dialog);
        Assert.Contains("10.0.0.5:22 ← :51000 Established 812/sshd", dialog);
        Assert.Contains("!! ALARM: failed 13× then logged in as root (password)", dialog);
        // Below the fold, scrolled to in the dialog: the evidence, the users tried, the recent events.
        var lines = AuthSourceDialog.Lines(Theme.Create(noColor: true), pane.Attackers.Rows[0].Address, pane.Snapshot,
            _host.Connections.Latest)
            .Select(l => l.Item1).ToList();
        Assert.Contains(lines, l => l.EndsWith(" Failed password for root from 203.0.113.66 port 51011 ssh2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" Accepted password for root from 203.0.113.66 port 51999 ssh2", StringComparison.Ordinal));
        Assert.Contains("  oracle, root", lines);
        Assert.Equal(5, lines.Count(l => l.Contains("Established 812/sshd", StringComparison.Ordinal)));
    }

    [Fact]
    public void Enter_on_an_ipv6_host_shows_its_64_and_a_for_alarms_lists_the_evidence()
    {
        var pane = Start(width: 120, height: 40);
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "2001:db8:7::1")));
        Press(Key.Enter);
        string dialog = _host.Modals.Screens.Last();
        Assert.Contains("Its /64 (2001:db8:7::/64): 2 failed", dialog);
        Assert.Contains("none", dialog); // no connection from it now

        Press((Key)'a');
        Assert.Equal("Failed, then accepted", _host.Modals.Titles.Last());
        string alarms = _host.Modals.Screens.Last();
        _output.WriteLine(alarms);
        Assert.Contains("203.0.113.66: 13 failures, then root logged in (password)", alarms);
        Assert.Contains("Failed password for root from 203.0.113.66 port 51011", alarms);
        Assert.Contains("Accepted password for root from 203.0.113.66 port 51999", alarms);
    }

    [Fact]
    public void l_shows_the_logins_and_F9_ends_a_live_session_only_when_chosen_b_shows_the_failed_ones()
    {
        var pane = Start();
        Press((Key)'l');
        AwaitSessions(pane);
        string screen = Screen();
        Assert.Equal(AuthView.Logins, pane.ViewShown);
        Assert.Contains("Logins (last)", screen);
        Assert.Contains("still logged in", screen);
        Assert.Contains("01:23", screen);             // the admin's 83-minute session of yesterday

        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, 0));
        _host.Modals.Keys.Enqueue([Key.T.WithAlt]);
        _host.Modals.Keys.Enqueue([Key.Enter]);
        Press(Key.F9);
        Assert.Contains("Kill process?", _host.Modals.Titles);
        Assert.Equal(812, Assert.Single(_host.Killer.Applied).Target.Pid);

        // The admin's own session's process is gone (not in the inspector): nothing to kill.
        AwaitSessions(pane);
        Assert.True(pane.Logins.View.HasFocus,
            $"the focus left the logins after the dialogs: feed {pane.Feed.View.HasFocus}, attackers {pane.Attackers.View.HasFocus}, "
                + $"focused {_host.App.Navigation?.GetFocused()?.GetType().Name}");
        pane.Logins.Select(1);
        Press(Key.F9);
        Assert.Equal("Nothing to kill", _host.Modals.Titles.Last());
        Assert.Single(_host.Killer.Applied);

        Press((Key)'b');
        AwaitSessions(pane);
        string failed = Screen();
        Assert.Equal(AuthView.FailedLogins, pane.ViewShown);
        Assert.Contains("ssh:notty", failed);
        Assert.DoesNotContain("\u001b[2J", failed);
        Press(Key.Backspace);
        Assert.Equal(AuthView.Attackers, pane.ViewShown);
    }

    [Fact]
    public void F4_filters_both_tables_and_F6_sorts_the_attackers()
    {
        var pane = Start();
        _host.Modals.Keys.Enqueue([.. "203.0.113.9".Select(c => (Key)c), Key.Enter]);
        Press(Key.F4);
        Assert.Equal(["203.0.113.9"], pane.Attackers.Rows.Select(a => a.Address.ToDisplayString()));
        Assert.All(pane.Feed.Rows, e => Assert.Equal("203.0.113.9", e.Ip?.ToDisplayString()));
        Assert.Equal(2, pane.Feed.Count);

        _host.Modals.Keys.Enqueue([Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace,
            Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Enter]);
        Press(Key.F4);
        Assert.True(pane.Attackers.Count > 3);
        _host.Modals.Keys.Enqueue([Key.CursorDown, Key.Enter]); // the sort list: (default order), IP, FAILED …
        Press(Key.F6); // by IP, ascending
        Assert.Equal("Sort by", _host.Modals.Titles.Last());
        var ips = pane.Attackers.Rows.Select(a => a.Address).ToList();
        Assert.Equal(ips.OrderBy(a => a.Family).ThenBy(a => a.Bits), ips);
        _host.Modals.Keys.Enqueue([Key.CursorDown, Key.CursorDown, Key.Enter]);
        Press(Key.F6); // by failures, most first
        Assert.Equal("203.0.113.66", pane.Attackers.Rows[0].Address.ToDisplayString());
    }

    [Fact]
    public void A_new_snapshot_redraws_keeps_the_cursor_on_its_ip_and_the_same_one_does_not()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "203.0.113.9")));
        Assert.False(pane.Refresh(force: false));
        var state = new AuthLiveState();
        foreach (string line in IncidentAuth.Lines()) state.Ingest(new Core.AuthSources.LogLine(line, "x"), DateTimeOffset.Now);
        for (int i = 0; i < 30; i++)
            state.Ingest(new
                Core.AuthSources.LogLine($"{DateTimeOffset.Now:MMM dd HH:mm:ss} vps sshd[9{i}]: Failed password for root from 192.0.2.200 "
                    + $"port {1000 + i} ssh2", "x"), DateTimeOffset.Now);
        _auth.Set(state.Snapshot(["/var/log/auth.log"], 0, DateTimeOffset.Now));
        Assert.True(pane.Refresh(force: false));
        Assert.Equal("203.0.113.9", pane.Attackers.Rows[pane.Table.Value!.SelectedCell.Y].Address.ToDisplayString());
        Assert.Equal("192.0.2.200", pane.Attackers.Rows[1].Address.ToDisplayString());
    }

    [Fact]
    public void Tab_moves_to_the_live_feed_where_Enter_opens_the_events_ip()
    {
        var pane = Start();
        Assert.True(pane.Attackers.View.HasFocus);
        Press(Key.Tab);
        Assert.True(pane.Feed.View.HasFocus);
        int row = pane.Feed.Rows.Select((e, i) => (e, i)).First(x => x.e.Ip?.ToDisplayString() == "203.0.113.9").i;
        pane.Feed.View.Value = new TableSelection(new System.Drawing.Point(0, row));
        Press(Key.Enter);
        Assert.Equal("203.0.113.9", _host.Modals.Titles.Last());
        Assert.Contains("1 failed logins, 0 accepted, 1 probes", _host.Modals.Screens.Last());
    }

    [Fact]
    public void o_asks_for_the_rotated_history_and_the_header_counts_the_files_read()
    {
        var pane = Start();
        Press((Key)'o');
        Assert.Equal(1, _auth.RotatedRequests);
        _auth.Set(_auth.Latest with { RotatedFiles = ["auth.log.2.gz", "auth.log.1"] });
        Assert.True(pane.Refresh(force: false));
        Assert.Contains("[/var/log/auth.log + 2 rotated", Screen());
    }

    [Fact]
    public void A_log_without_times_says_time_unknown_and_the_logins_say_why_wtmp_has_fewer()
    {
        var state = new AuthLiveState();
        foreach (string line in new[] { "Failed password for root from 203.0.113.5 port 1 ssh2",
            "Accepted password for root from 203.0.113.5 port 2 ssh2",
                     "Accepted publickey for deploy from 192.0.2.7 port 3 ssh2: ED25519 SHA256:x",
                         "Accepted publickey for deploy from 192.0.2.7 port 4 ssh2: ED25519 SHA256:x",
                     "Accepted publickey for deploy from 192.0.2.7 port 5 ssh2: ED25519 SHA256:x" })
            state.Ingest(new Core.AuthSources.LogLine(line, "sshd.log"), DateTimeOffset.Now);
        _auth.Set(state.Snapshot(["sshd.log"], 0, DateTimeOffset.Now));
        var pane = Start(width: 120);
        string screen = Screen();
        Assert.Contains("time unknown", screen);                 // TIME, LAST SEEN and the alarm: never a blank
        Assert.Contains("at time unknown", pane.AlarmLine);
        Press((Key)'l');
        AwaitSessions(pane);
        Assert.Contains("4 accepted in the log, 3 logins in wtmp: sessions without a terminal", Screen());
    }

    [Fact]
    public void With_no_readable_log_the_pane_says_what_it_tried()
    {
        _auth.Set(AuthSnapshot.Unavailable(["journal: no systemd journal files", "/var/log/auth.log: absent",
            "/var/log/secure: permission denied (run as root or in group adm)"]));
        Start(width: 160);
        string screen = Screen();
        Assert.Contains("No readable sshd log. Tried: journal: no systemd journal files; /var/log/auth.log: absent", screen);
        Assert.Contains("[no source]", screen);
    }
}
