using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using VpsTop.Core.Actions;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The real main window and Connections pane on Terminal.Gui's ANSI driver without a terminal, at 80×24.</summary>
public sealed class ConnectionsPaneTests : IDisposable
{
    private readonly VirtualTimeProvider _clock = new();
    private readonly IApplication _app;

    public ConnectionsPaneTests(ITestOutputHelper output) : this()
    {
        _output = output;
    }

    private ConnectionsPaneTests() => _app = Application.Create(_clock);

    private readonly ITestOutputHelper _output = null!;
    private readonly HeldFeed<ConnectionsSnapshot> _publisher = new(IncidentSnapshot.Create());
    private MainWindow? _window;
    private SessionToken? _token;
    private ScriptedModals? _modals;
    private readonly RecordingKiller _killer = new();

    private MainWindow Start(bool noColor = false, int width = 80, int height = 24)
    {
        _app.Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(width, height);
        _modals = new ScriptedModals(_app);
        var services = new TuiServices
        {
            Connections = _publisher, Inspector = new HandInspector(IncidentSnapshot.Details()),
            Killer = _killer, Bandwidth = IncidentTraffic.Feed(), Auth = IncidentAuth.Feed(), Hardening = HardeningFixture.SharedService
        };
        _window = new MainWindow(_app, services, new TuiOptions { NoColor = noColor }, _modals);
        _token = _app.Begin(_window);
        _app.LayoutAndDraw();
        return _window;
    }

    public void Dispose()
    {
        if (_token is not null) _app.End(_token);
        _window?.Dispose();
        _app.Dispose();
    }

    private string Screen()
    {
        _app.LayoutAndDraw();
        string screen = _app.Driver!.ToString()!;
        _output.WriteLine(screen);
        return screen;
    }

    private void Press(params Key[] keys)
    {
        foreach (var k in keys) _app.InjectKey(k);
    }

    private ConnectionsPane Pane => (ConnectionsPane)_window!.Panes[0];

    [Fact]
    public void Shows_the_registered_tabs_the_columns_and_htop_keys_at_80x24()
    {
        Start();
        string screen = Screen();
        foreach (var pane in _window!.Panes) Assert.Contains(pane.Title.Replace("_", ""), screen);
        foreach (string column in new[] { "Proto", "Local Address", "Remote Address", "State", "PID/Program", "User" })
            Assert.Contains(column, screen);
        foreach (string key in new[] { "F1Help", "F3Search", "F4Filter", "F6SortBy", "F9Kill", "F10Quit", "eEstab",
            "rPerIP" }) Assert.Contains(key, screen);
        Assert.Contains("LISTEN", screen);
        Assert.Contains("812/sshd", screen);
        Assert.Contains("11 sockets", screen);
    }

    [Fact]
    public void E_L_and_A_switch_between_established_listening_and_all()
    {
        Start();
        Press(Key.E);
        Assert.Equal(7, Pane.RowCount);
        Assert.All(Pane.Sockets.Rows, c => Assert.True(c.IsEstablished));
        Assert.Contains("ESTABLISHED only", Screen());
        Press(Key.L);
        Assert.Equal([22, 80, 68], Pane.Sockets.Rows.Select(c => (int)c.Socket.LocalPort));
        Press(Key.A);
        Assert.Equal(11, Pane.RowCount);
    }

    [Fact]
    public void R_counts_connections_per_remote_ip_with_the_attacker_on_top_and_enter_drills_down()
    {
        Start();
        Press(Key.R);
        string screen = Screen();
        Assert.Contains("Count", screen);
        Assert.Equal("203.0.113.66", Pane.Remotes.Rows[0].Count.RemoteAddress.ToDisplayString());
        Assert.Equal(5, Pane.Remotes.Rows[0].Count.Connections);
        Press(Key.Enter);
        _output.WriteLine($"after enter stop={_window!.StopRequested}");
        Assert.False(Pane.ShowsRemotes);
        Assert.Equal(5, Pane.RowCount);
        Assert.All(Pane.Sockets.Rows, c => Assert.Equal("203.0.113.66", c.Socket.RemoteAddress.ToDisplayString()));
        Assert.Contains("Connections of 203.0.113.66", Screen());
        Press(Key.Esc);
        Assert.True(Pane.ShowsRemotes);
        Assert.False(_window!.StopRequested);
    }

    [Fact]
    public void F4_filters_rows_and_an_empty_filter_clears_it()
    {
        Start();
        _modals!.Keys.Enqueue([.. "nginx".Select(c => (Key)c), Key.Enter]);
        Press(Key.F4);
        Assert.Single(Pane.Sockets.Rows);
        Assert.Contains("filter 'nginx'", Screen());
        _modals.Keys.Enqueue([Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Enter]);
        Press(Key.F4);
        Assert.Equal(11, Pane.RowCount);
    }

    [Fact]
    public void F3_jumps_to_the_next_matching_row()
    {
        Start();
        _modals!.Keys.Enqueue([.. "3333".Select(c => (Key)c), Key.Enter]);
        Press(Key.F3);
        Assert.Equal(2, Pane.Table.Value!.SelectedCell.Y);
    }

    [Fact]
    public void F6_offers_the_columns_sorts_stably_and_I_reverses()
    {
        Start();
        _modals!.Keys.Enqueue([Key.CursorDown, Key.CursorDown, Key.Enter]);
        Press(Key.F6); // (default order), Proto, Local Address
        string list = _modals.Screens.Last();
        foreach (string column in new[] { "(default order)", "Proto", "Local Address", "Remote Address", "State", "PID/Program", "User" })
            Assert.Contains(column, list);
        var ports = Pane.Sockets.Rows.Select(c => c.Socket.LocalAddress.ToDisplayString() + ":" + c.Socket.LocalPort).ToList();
        Assert.Equal("0.0.0.0:22", ports[0]);
        Assert.Contains("sort Local Address▲", Screen());
        Press(Key.I.WithShift);
        Assert.Equal("::80", Pane.Sockets.Rows[0].Socket.LocalAddress.ToDisplayString() + Pane.Sockets.Rows[0].Socket.LocalPort);
    }

    [Fact]
    public void Enter_opens_the_process_details_with_its_parent_chain_and_sockets()
    {
        Start();
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 2)); // the miner's row
        Press(Key.Enter);
        string dialog = Assert.Single(_modals!.Screens);
        Assert.Contains("Process 4242", dialog);
        Assert.Contains("[DELETED from disk]", dialog);
        Assert.Contains("812 sshd", dialog);
        Assert.Contains("1 systemd", dialog);
        Assert.Contains("ssh.service", dialog);
        Assert.Contains("198.51.100.7:3333", dialog);
    }

    [Fact]
    public void F9_defaults_to_cancel_so_enter_sends_nothing()
    {
        Start();
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 2));
        _modals!.Keys.Enqueue([Key.Enter]);
        Press(Key.F9);
        Assert.Contains("Kill process?", _modals.Titles);
        Assert.Contains("4242", _modals.Screens[0]);
        Assert.Empty(_killer.Applied);
    }

    [Fact]
    public void F9_then_SIGTERM_signals_exactly_the_process_that_was_on_screen()
    {
        Start();
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 2));
        _modals!.Keys.Enqueue([Key.T.WithAlt]);
        _modals.Keys.Enqueue([Key.Enter]); // the report
        Press(Key.F9);
        var plan = Assert.Single(_killer.Applied);
        Assert.Equal(KillSignal.Term, plan.Signal);
        Assert.Equal(4242, plan.Target.Pid);
        Assert.Equal(IncidentSnapshot.Miner.StartTimeTicks, plan.Target.StartTimeTicks);
        Assert.Contains("Signal sent", _modals.Titles);
    }

    [Fact]
    public void F9_on_sshd_shows_the_warning_before_anything_is_sent()
    {
        Start();
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 0));
        _modals!.Keys.Enqueue([Key.Esc]);
        Press(Key.F9);
        foreach (var s in _modals.Screens) _output.WriteLine(s);
        Assert.Contains("Warning: killing sshd", _modals.Screens[0]);
        Assert.Empty(_killer.Applied);
    }

    [Fact]
    public void A_shared_socket_asks_which_process_and_cancel_is_last()
    {
        Start();
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 1)); // nginx ×2
        _modals!.Keys.Enqueue([Key.Enter]);
        Press(Key.F9);
        Assert.Contains("2 processes hold this socket", _modals.Screens[0]);
        Assert.Single(_modals.Screens);
        Assert.Empty(_killer.Applied);
        Assert.Contains("900/nginx +1", Screen());
    }

    [Fact]
    public void Hostile_process_names_are_drawn_inert()
    {
        Start(width: 120, height: 30);
        string screen = Screen();
        Assert.DoesNotContain('\u001b', screen);
        Assert.DoesNotContain('\u202e', screen);
        Assert.Contains("\\x1b[31mminer\\u202e", screen);
        Pane.Table.Value = new Terminal.Gui.Views.TableSelection(new System.Drawing.Point(0, 2));
        Press(Key.Enter);
        string details = _modals!.Screens[0];
        Assert.DoesNotContain('\u001b', details);
        Assert.DoesNotContain('\u200b', details);
        Assert.DoesNotContain('\u0007', details);
        Assert.Contains("\\x1b]0;owned\\x07kworker", details);
    }

    [Fact]
    public void No_color_mode_uses_only_the_terminal_default_colours()
    {
        Start(noColor: true);
        Screen();
        var contents = _app.Driver!.Contents!;
        for (int r = 0; r < contents.GetLength(0); r++)
            for (int c = 0; c < contents.GetLength(1); c++)
                if (contents[r, c].Attribute is { } a)
                {
                    Assert.True(a.Foreground == Color.None && a.Background == Color.None,
                        $"cell {r},{c} '{contents[r, c].Grapheme}' has {a}");
                }
    }

    [Fact]
    public void States_are_coloured_when_colour_is_on()
    {
        Start();
        string[] lines = Screen().Replace("\r", "").Split('\n');
        // The first LISTEN row is selected, and the bottom line repeats it whole: the second row is the one to look at.
        int row = Array.FindIndex(lines, Array.FindIndex(lines, l => l.Contains("LISTEN")) + 1, l => l.Contains("LISTEN"));
        int col = lines[row].IndexOf("LISTEN", StringComparison.Ordinal);
        Assert.Equal(Color.BrightCyan, _app.Driver!.Contents![row, col].Attribute!.Value.Foreground);
    }

    [Fact]
    public void F10_and_q_quit_but_Esc_does_not()
    {
        Start();
        Press(Key.Esc);
        Assert.False(_window!.StopRequested);
        Press(Key.F10);
        Assert.True(_window.StopRequested);
    }

    [Fact]
    public void Q_quits_from_the_table_but_types_into_a_prompt()
    {
        Start();
        _modals!.Keys.Enqueue([Key.Q, Key.Enter]);
        Press(Key.F4);
        Assert.False(_window!.StopRequested);
        Assert.Contains("filter 'q'", Screen());
        Press(Key.Q);
        Assert.True(_window.StopRequested);
    }

    [Fact]
    public void The_mouse_selects_rows_and_clicks_the_function_keys()
    {
        Start();
        string[] lines = Screen().Replace("\r", "").Split('\n');
        int row = Array.FindIndex(lines, l => l.Contains("4242/"));
        Click(10, row);
        Assert.Equal(2, Pane.Table.Value!.SelectedCell.Y);

        int bar = Array.FindIndex(lines, l => l.Contains("F10"));
        int col = lines[bar].IndexOf("F10", StringComparison.Ordinal) + 1;
        Click(col, bar);
        Assert.True(_window!.StopRequested);
    }

    /// <summary>A click is only a click once the double-click interval has passed, on the virtual clock.</summary>
    private void Click(int x, int y)
    {
        _app.InjectSequence(InputInjectionExtensions.LeftButtonClick(new System.Drawing.Point(x, y)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _app.TimedEvents!.RunTimers();
        _app.LayoutAndDraw();
    }

    [Fact]
    public void F1_help_lists_every_pane_and_the_keys()
    {
        Start();
        Press(Key.F1);
        string help = Assert.Single(_modals!.Screens);
        Assert.Contains("F10", help);
        Assert.Contains("ESTABLISHED only", help);
    }

    [Fact]
    public void The_timer_redraws_only_when_the_rows_on_screen_changed()
    {
        var time = new VirtualTimeProvider();
        using var app = Application.Create(time);
        app.Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(80, 24);
        var publisher = new HeldFeed<ConnectionsSnapshot>(IncidentSnapshot.Create());
        var services = new TuiServices
        {
            Connections = publisher, Inspector = new HandInspector(IncidentSnapshot.Details()),
            Killer = _killer, Bandwidth = IncidentTraffic.Feed(), Auth = IncidentAuth.Feed(), Hardening = HardeningFixture.SharedService
        };
        using var window = new MainWindow(app, services, new TuiOptions(), new ScriptedModals(app));
        var token = app.Begin(window);
        app.LayoutAndDraw();
        window.StartTimer();
        void Tick()
        {
            time.Advance(TimeSpan.FromSeconds(0.6));
            app.TimedEvents!.RunTimers();
        }

        int before = window.Redraws;
        for (int i = 0; i < 5; i++) Tick();
        Assert.Equal(before, window.Redraws); // nothing published

        publisher.Set(IncidentSnapshot.Create()); // a new snapshot with the same rows, as every idle second
        Tick();
        Assert.Equal(before, window.Redraws);

        var changed = IncidentSnapshot.Create();
        publisher.Set(changed with { Connections = changed.Connections.Take(changed.Connections.Count - 1).ToList() });
        Tick();
        Assert.Equal(before + 1, window.Redraws);
        Assert.Equal(10, ((ConnectionsPane)window.Panes[0]).RowCount);
        app.End(token!);
    }
}
