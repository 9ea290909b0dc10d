using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using VpsTop.Core.Actions;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Tui;

namespace VpsTop.Tests.Tui;

/// <summary>
/// Keys that arrive in one read, as over a slow SSH link, through Terminal.Gui's whole input pipeline (ANSI bytes,
/// parser, main loop) and the real modal loop, headless: every key is handled, in order, by what is on screen when
/// its turn comes.
/// </summary>
public sealed class KeyBurstTests : IDisposable
{
    private readonly IApplication _app = Application.Create();
    private readonly HeldFeed<ConnectionsSnapshot> _publisher = new(IncidentSnapshot.Create());
    /// <summary>Each key as it was handled (not when held back), with the title of what was on top then.</summary>
    private readonly List<(string Key, string Top)> _seen = [];
    private readonly RecordingKiller _killer = new();
    private MainWindow? _window;

    public void Dispose()
    {
        _window?.Dispose();
        _app.Dispose();
    }

    /// <summary>Runs the real main window with the real modal runner, types <paramref name="keys"/> in one burst once it
    /// is up, and returns when it quits (the burst ends with F10). Fails if it has not quit within 20 s.</summary>
    private MainWindow RunWithBurst(Func<MainWindow, IPane> startOn, params Key[] keys)
    {
        _app.Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(80, 24);
        var services = new TuiServices
        {
            Connections = _publisher, Inspector = new HandInspector(IncidentSnapshot.Details()), Killer = _killer,
            Bandwidth = IncidentTraffic.Feed(), Auth = IncidentAuth.Feed(), Hardening = HardeningFixture.SharedService,
        };
        var window = _window = new MainWindow(_app, services, new TuiOptions());
        window.Tabs.Value = startOn(window).View;
        _app.Keyboard.KeyDown += (_, k) =>
        {
            if (!k.Handled) _seen.Add((k.ToString(), _app.TopRunnableView?.Title ?? "?"));
        };
        var pipeline = new InputInjectionOptions { Mode = InputInjectionMode.Pipeline, AutoProcess = false };
        _app.AddTimeout(TimeSpan.FromMilliseconds(300), () =>
        {
            foreach (var key in keys) _app.GetInputInjector().InjectKey(key, pipeline);
            return false;
        });
        bool timedOut = false;
        _app.AddTimeout(TimeSpan.FromSeconds(20), () =>
        {
            timedOut = true;
            foreach (var session in _app.SessionStack!.ToArray()) _app.RequestStop(session.Runnable);
            return true;
        });
        _app.Run(window);
        Assert.False(timedOut, "the burst did not end in F10 quitting; keys seen: " + string.Join(", ", _seen));
        return window;
    }

    private static Key[] Typed(string text) => [.. text.Select(c => (Key)c)];

    private static IEnumerable<string> Times(int count, string title) => Enumerable.Repeat(title, count);

    [Fact]
    public void A_search_then_a_filter_typed_in_one_burst_each_get_their_own_text()
    {
        // '/' and '\' are F3 and F4 (headless, F3's bytes are taken for the terminal's answer to a cursor query).
        var window = RunWithBurst(w => w.Panes[0], [(Key)'/', .. Typed("3333"), Key.Enter, (Key)'\\', .. Typed("nginx"), Key.Enter,
            Key.F10]);
        var pane = (ConnectionsPane)window.Panes[0];
        Assert.Equal(["VpsTop", .. Times(5, "Search"), "VpsTop", .. Times(6, "Filter"), "VpsTop"], _seen.Select(s => s.Top));
        Assert.Equal(1, pane.RowCount);
        Assert.Equal(900, pane.Sockets.Rows[0].Owners[0].Pid);
    }

    [Fact]
    public void Alt_C_then_l_in_one_read_switches_to_Connections_and_lists_the_listening_ports()
    {
        // ESC c l in one read: Terminal.Gui's parser drops all three; both keys must still count.
        var window = RunWithBurst(w => w.Panes.OfType<HardeningPane>().Single(), Key.C.WithAlt, Key.L, Key.F10);
        var pane = Assert.IsType<ConnectionsPane>(window.Current);
        Assert.Equal([22, 80, 68], pane.Sockets.Rows.Select(c => (int)c.Socket.LocalPort));
        Assert.Equal(["VpsTop", "VpsTop", "VpsTop"], _seen.Select(s => s.Top));
    }

    [Fact]
    public void A_search_then_F9_Left_Left_Enter_sends_SIGTERM_to_the_row_found_and_the_next_Enter_closes_the_report()
    {
        RunWithBurst(w => w.Panes[0],
            [(Key)'/', .. Typed("3333"), Key.Enter, Key.F9, Key.CursorLeft, Key.CursorLeft, Key.Enter, Key.Enter, Key.F10]);
        var plan = Assert.Single(_killer.Applied);
        Assert.Equal((4242, KillSignal.Term), (plan.Target.Pid, plan.Signal));
        Assert.Equal(["VpsTop", .. Times(5, "Search"), "VpsTop", .. Times(3, "Kill process?"), "Signal sent", "VpsTop"],
            _seen.Select(s => s.Top));
    }
}
