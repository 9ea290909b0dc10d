using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Traffic;
using VpsTop.Tests.Support;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The real main window with the Bandwidth tab shown, on Terminal.Gui's ANSI driver without a terminal.</summary>
public sealed class BandwidthPaneTests : IDisposable
{
    private readonly VirtualTimeProvider _clock = new();
    private readonly IApplication _app;
    private readonly ITestOutputHelper _output;
    private readonly RecordingKiller _killer = new();
    private MainWindow? _window;
    private SessionToken? _token;
    private ScriptedModals? _modals;
    private readonly HeldFeed<BandwidthSnapshot> _traffic = IncidentTraffic.Feed();
    private readonly ManualResetEventSlim _hashMayFinish = new(initialState: true);

    public BandwidthPaneTests(ITestOutputHelper output)
    {
        _output = output;
        _app = Application.Create(_clock);
    }

    private BandwidthPane Start(bool noColor = false, int width = 80, int height = 24)
    {
        _app.Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(width, height);
        _modals = new ScriptedModals(_app);
        var services = new TuiServices
        {
            Connections = new HeldFeed<ConnectionsSnapshot>(IncidentSnapshot.Create()),
            Inspector = new HandInspector(IncidentSnapshot.Details()), Killer = _killer,
            Bandwidth = _traffic, Auth = IncidentAuth.Feed(), Hardening = HardeningFixture.SharedService,
            OriginExtras = p =>
            {
                if (!_hashMayFinish.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the test never let the hash finish");
                return [$"package: none owns {p.Exe}", "sha256: (hash of the test)"];
            },
        };
        _window = new MainWindow(_app, services, new TuiOptions { NoColor = noColor }, _modals);
        _token = _app.Begin(_window);
        var pane = _window.Panes.OfType<BandwidthPane>().Single();
        _window.Tabs.Value = pane.View;
        _app.LayoutAndDraw();
        return pane;
    }

    public void Dispose()
    {
        if (_token is not null) _app.End(_token);
        _window?.Dispose();
        _app.Dispose();
        _hashMayFinish.Dispose();
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

    private static int RowOf(BandwidthPane pane, int pid) =>
        pane.Processes.Rows.Select((r, i) => (r, i)).Single(x => x.r.Row.Process?.Pid == pid).i;

    [Fact]
    public void At_80x24_the_miner_is_on_top_marked_with_its_reasons_and_unknown_traffic_says_why()
    {
        var pane = Start();
        string screen = Screen();
        foreach (string column in new[] { "PID", "USER", "PROGRAM", "SENT/s", "RECV/s", "SENT", "RECEIVED" }) Assert.Contains(column,
            screen);
        Assert.Equal(IncidentSnapshot.Miner.Pid, pane.Processes.Rows[0].Row.Process!.Pid);
        string minerLine = screen.Split('\n').First(l => l.Contains("4242", StringComparison.Ordinal)); // the row, not the line under it
        Assert.Contains("! \\x1b", minerLine);          // the marker, visible without colour; the hostile name's escape inert
        Assert.DoesNotContain("\u001b[31m", screen);
        Assert.Contains("1.2 MiB", minerLine);           // 1,300,000 B/s over 10 s
        Assert.Contains("unknown", screen);
        Assert.Contains("no socket", screen);            // the scan of closed ports
        Assert.Contains("↑", screen);                    // the total graph
        foreach (string line in screen.Split('\n')) Assert.True(line.TrimEnd('\r').Length <= 80);
    }

    [Fact]
    public void Without_colour_suspicion_is_still_a_marker_and_words()
    {
        var pane = Start(noColor: true);
        string screen = Screen();
        string minerLine = screen.Split('\n').First(l => l.Contains("4242", StringComparison.Ordinal)); // the row, not the line under it
        Assert.Contains("! ", minerLine);
        Assert.Contains("exe deleted", pane.Processes.Columns[9].Text(pane.Processes.Rows[RowOf(pane, 4242)]));
        // A hint (Low) is words in NOTE, never the "!" marker.
        string sshdLine = screen.Split('\n').Single(l => l.Contains("812 ", StringComparison.Ordinal) && l.Contains("sshd",
            StringComparison.Ordinal));
        Assert.DoesNotContain("! ", sshdLine);
        Assert.Equal(VerdictLevel.Hint, pane.Processes.Rows[RowOf(pane, 812)].Verdict.Level);
    }

    [Fact]
    public void The_windows_keys_switch_the_rates_and_f_shows_the_flows_with_their_process()
    {
        var pane = Start();
        Press((Key)'3');
        Assert.Contains("rates over 40 s", Screen());
        Press((Key)'f');
        string flows = Screen();
        Assert.True(pane.ShowsFlows);
        Assert.Contains("198.51.100.7:3333", flows);
        Assert.Contains("4242/", flows);
        Press(Key.Esc);
        Assert.False(pane.ShowsFlows);
    }

    [Fact]
    public void Enter_opens_the_origin_with_reasons_parents_and_flows_and_the_hash_on_demand_off_the_UI_thread()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, 4242)));
        _modals!.Keys.Enqueue([Key.H.WithAlt]);      // "Hash and package"; Close is the default
        _modals.Keys.Enqueue([Key.Esc]);
        _hashMayFinish.Reset();
        string? hashed = null;
        _modals.WhileOpen = dialog =>
        {
            if (dialog != 1) return;
            // The dialog is open while the hash is still running; once it is done, it shows in the same dialog.
            _hashMayFinish.Set();
            Poll.Until(() =>
            {
                _app.TimedEvents!.RunTimers();
                _app.LayoutAndDraw();
                return !_app.Driver!.ToString()!.Contains("hashing…", StringComparison.Ordinal);
            }, "the hash shown in the open dialog");
            hashed = _app.Driver!.ToString();
        };
        Press(Key.Enter);
        Assert.Equal(2, _modals.Screens.Count);
        string first = _modals.Screens[0];
        _output.WriteLine(first);
        Assert.Contains("Suspicious:", first);
        Assert.Contains("exe deleted", first);
        Assert.Contains("Parent chain", first);
        Assert.Contains("812 sshd", first);
        Assert.DoesNotContain("sha256", first);
        Assert.Contains("hashing…", _modals.Screens[1]);
        Assert.DoesNotContain("(hash of the test)", _modals.Screens[1]);
        _output.WriteLine(hashed);
        Assert.Contains("Package and hash:", hashed);
        Assert.Contains("sha256: (hash of the test)", hashed);
        Assert.Contains("package: none owns /tmp/.x/k", hashed);
    }

    [Fact]
    public void F9_on_the_miner_asks_with_cancel_as_default_and_kills_only_when_chosen()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, 4242)));
        _modals!.Keys.Enqueue([Key.Enter]);
        Press(Key.F9);
        Assert.Contains("Kill process?", _modals.Titles);
        Assert.Empty(_killer.Applied);

        _modals.Keys.Enqueue([Key.T.WithAlt]);
        _modals.Keys.Enqueue([Key.Enter]);
        Press(Key.F9);
        Assert.Equal(4242, Assert.Single(_killer.Applied).Target.Pid);
    }

    [Fact]
    public void Unknown_traffic_cannot_be_killed_and_says_why()
    {
        var pane = Start();
        int row = pane.Processes.Rows.Select((r, i) => (r, i)).First(x => x.r.Row.Process is null).i;
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, row));
        Press(Key.F9);
        Assert.Contains("Nothing to kill", _modals!.Titles);
        Assert.Empty(_killer.Applied);
    }

    [Fact]
    public void The_same_snapshot_is_not_redrawn_and_the_selection_follows_the_process()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, 812)));
        Assert.False(pane.Refresh(force: false));
        // A new snapshot in which sshd became the busiest: the cursor stays on sshd.
        var reordered = _traffic.Latest with { Rows = [.. _traffic.Latest.Rows.OrderBy(r => r.Process?.Pid != 812)] };
        _traffic.Set(reordered with
        {
            Rows = [.. reordered.Rows.Select(r => r.Process?.Pid == 812 ? r with { SentRate = new Rates(9e9, 9e9,
            9e9) } : r)]
        });
        Assert.True(pane.Refresh(force: false));
        Assert.Equal(812, pane.Processes.Rows[pane.Table.Value!.SelectedCell.Y].Row.Process!.Pid);
        Assert.Equal(812, pane.Processes.Rows[0].Row.Process!.Pid);
    }

    [Fact]
    public void When_capture_is_impossible_the_pane_says_why()
    {
        _traffic.Set(BandwidthSnapshot.Empty(new TrafficSourceStatus
        {
            Description = "no measurement",
            Unavailable = "no permission to capture on eth0: run as root or grant CAP_NET_RAW"
        }));
        Start();
        Assert.Contains("Packet capture unavailable: no permission to capture", Screen());
    }
}
