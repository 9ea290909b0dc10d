using Terminal.Gui.Input;
using Terminal.Gui.Views;
using VpsTop.Core.Actions;
using VpsTop.Core.Collection;
using VpsTop.Core.Processes;
using VpsTop.Core.Traffic;
using VpsTop.Tui;
using Xunit.Abstractions;
using static VpsTop.Tests.Tui.DialogScreen;

namespace VpsTop.Tests.Tui;

/// <summary>Every dialog at 80×24 and at 60×20: its frame and buttons on screen, its text wrapped and all of it there
/// (on the first screen, or by scrolling), the prompt's typed text and cursor visible, the kill dialog's buttons
/// reachable with Left/Right.</summary>
public sealed class DialogFitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TuiTestHost _host = new(output);

    public void Dispose() => _host.Dispose();

    /// <summary>The miner as /proc shows it now: a long path in a hidden directory, deleted, and a long command line.</summary>
    private static readonly ProcessIdentity LongMiner = IncidentSnapshot.Miner with
    {
        Exe = "/tmp/.cache-x/kworker-updater.d/kworkerd-helper-x86_64",
        Cmdline = ["kworkerd-helper-x86_64", "--pool", "stratum+tcp://198.51.100.7:3333", "--user", "name=kworker-wallet-0123456789abcdef"],
    };

    private TuiServices WithLongMiner(TuiServices s)
    {
        var details = new Dictionary<int, ProcessDetails>(IncidentSnapshot.Details());
        details[4242] = details[4242] with { Identity = LongMiner };
        return s with { Inspector = new HandInspector(details) };
    }

    /// <summary>A key object per press: a key once handled stays marked handled.</summary>
    private static void SelectMiner(BandwidthPane pane)
    {
        pane.Processes.Select(pane.Processes.Rows.ToList().FindIndex(l => l.Row.Process?.Pid == 4242));
    }

    private static Key[] Down(int times) => [.. Enumerable.Range(0, times).Select(_ => Key.CursorDown)];

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void F1_help_fits_the_screen_and_every_line_is_there_by_scrolling(int width, int height)
    {
        _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        _host.Modals.Keys.Enqueue([.. Down(150), Key.Esc]);
        _host.Press(Key.F1);
        Assert.Contains("Close", Buttons(_host.Modals.Frames[0]));
        Assert.StartsWith("VpsTop:whatisusingthisserver'snetwork,andwhoisknocking.", Squeezed(Text(_host.Modals.Frames[0])));
        var rows = Scrolled(_host.Modals.Frames);
        string all = Squeezed(rows);
        int at = 0;
        foreach (string line in _host.Window.Panes.SelectMany(p => p.HelpLines))
        {
            int found = all.IndexOf(Squeezed(line), at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"help line not shown in order: {line}");
            at = found;
        }
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void A_prompt_shows_its_question_the_text_typed_and_the_cursor_after_it(int width, int height)
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        _host.Modals.Keys.Enqueue([Key.N, Key.G, Key.I, Key.Enter]);
        _host.Press(Key.F4);
        string typed = _host.Modals.Frames[3];
        var text = Text(typed);
        Assert.Equal("Showonlyrowscontaining(empty:all):", Squeezed(text[0]));
        Assert.Equal("ngi", text[1].Trim());
        Assert.Contains("OK", Buttons(typed));
        var cursor = Assert.NotNull(_host.Modals.Cursors[3]);
        string row = typed.Replace("\r", "").Split('\n')[cursor.Y];
        Assert.EndsWith("ngi", row[..cursor.X]);
        Assert.Contains("filter 'ngi'", _host.Screen());

        _host.Modals.Keys.Enqueue([Key.X, Key.Esc]);
        _host.Press(Key.F4);
        Assert.Equal("ngi", Text(_host.Modals.Frames[4])[1].Trim()); // the current filter, to correct
        Assert.Contains("filter 'ngi'", _host.Screen()); // Esc changed nothing
        Assert.Equal(1, pane.RowCount);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void The_kill_dialog_shows_the_whole_path_and_that_it_was_deleted_on_the_Bandwidth_tab_too(int width, int height)
    {
        // The Bandwidth row was named before the file was deleted; the dialog shows the process as it is now.
        var traffic = IncidentTraffic.Create();
        var named = traffic.Rows.Select(r => r.Process?.Pid == 4242 ? r with { Process = r.Process with { ExeDeleted = false } } : r);
        traffic = traffic with { Rows = [.. named] };
        var services = WithLongMiner(_host.Services(s => s with { Bandwidth = new HeldFeed<BandwidthSnapshot>(traffic) }));
        SelectMiner(_host.Show<BandwidthPane>(services, width: width, height: height));
        _host.Press(Key.F9);
        string dialog = Assert.Single(_host.Modals.Screens);
        string text = Squeezed(Text(dialog));
        Assert.Contains(Squeezed($"Exe {LongMiner.Exe} (deleted)"), text);
        Assert.Contains("SIGKILLcannotbecaught", text);
        string[] buttons = Buttons(dialog).Split("⟦⟧►◄▖ ".ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["SIGTERM", "SIGKILL", "Cancel"], buttons);
        Assert.Empty(_host.Killer.Applied);
    }

    [Theory]
    [InlineData(new[] { "CursorLeft", "CursorLeft" }, KillSignal.Term)]
    [InlineData(new[] { "CursorLeft" }, KillSignal.Kill)]
    [InlineData(new[] { "CursorLeft", "CursorLeft", "CursorLeft" }, KillSignal.Term)]
    [InlineData(new[] { "CursorLeft", "CursorLeft", "CursorRight" }, KillSignal.Kill)]
    [InlineData(new[] { "Shift+Tab" }, KillSignal.Kill)]
    [InlineData(new[] { "CursorRight" }, null)]
    [InlineData(new string[0], null)]
    public void In_the_kill_dialog_Left_Right_and_Shift_Tab_move_between_the_buttons_and_stop_at_the_ends(string[] moves, KillSignal? sent)
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services());
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, 2)); // the miner
        _host.Modals.Keys.Enqueue([.. moves.Select(m => Key.TryParse(m, out var k) ? k : throw new ArgumentException(m)), Key.Enter]);
        _host.Press(Key.F9);
        Assert.Equal(sent, _host.Killer.Applied.SingleOrDefault()?.Signal);
    }

    [Fact]
    public void After_a_signal_the_report_says_the_process_exited()
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services());
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, 2));
        _host.Modals.Keys.Enqueue([Key.T.WithAlt]);
        _host.Press(Key.F9);
        Assert.Equal(["Kill process?", "Signal sent"], _host.Modals.Titles);
        string report = Squeezed(Text(_host.Modals.Screens[1]));
        Assert.Contains("sentSIGTERMto4242", report);
        Assert.Contains(Squeezed("PID 4242 (\\x1b[31mminer\\u202e) has exited."), report);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void A_process_that_outlives_the_signal_is_reported_still_running_after_3_s(int width, int height)
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, 2));
        _host.Killer.Survivors.Add(4242);
        _host.Modals.Linger = KillDialog.ExitWait + TimeSpan.FromMilliseconds(100);
        _host.Modals.Keys.Enqueue([Key.T.WithAlt]);
        _host.Press(Key.F9);
        string report = Squeezed(Text(_host.Modals.Screens[1]));
        Assert.Contains("isstillrunningafter3s.", report);
        Assert.Contains("F9againtosendSIGKILL.", report);
        Assert.Contains("OK", Buttons(_host.Modals.Screens[1]));
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void The_origin_dialog_shows_the_whole_path_and_command_line(int width, int height)
    {
        SelectMiner(_host.Show<BandwidthPane>(WithLongMiner(_host.Services()), width: width, height: height));
        _host.Modals.Keys.Enqueue([.. Down(80), Key.Esc]);
        _host.Press(Key.Enter);
        Assert.StartsWith("Origin of 4242", _host.Modals.Titles[0]);
        Assert.Contains("Close", Buttons(_host.Modals.Frames[0]));
        string all = Squeezed(Scrolled(_host.Modals.Frames));
        Assert.Contains(Squeezed($"Exe {LongMiner.Exe}  [DELETED from disk]"), all);
        Assert.Contains(Squeezed("Cmdline " + string.Join(' ', LongMiner.Cmdline)), all);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void A_message_wraps_in_full_on_its_first_screen(int width, int height)
    {
        _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        string query = "a search for something that no row contains, long enough to need two or three lines";
        _host.Modals.Keys.Enqueue([.. query.Select(c => (Key)c), Key.Enter]);
        _host.Press(Key.F3);
        Assert.Equal(["Search", "Search"], _host.Modals.Titles);
        string message = _host.Modals.Screens[1];
        Assert.Equal(Squeezed($"No row contains '{query}'."), Squeezed(Text(message)));
        Assert.Contains("OK", Buttons(message));
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void A_closed_dialog_leaves_nothing_behind_under_the_next_one(int width, int height)
    {
        _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        _host.Modals.Keys.Enqueue([Key.PageDown, Key.PageDown, Key.Esc]);
        _host.Press(Key.F1);
        _host.Modals.Keys.Enqueue([Key.N, Key.G, Key.Enter]);
        _host.Press(Key.F4);
        foreach (string frame in _host.Modals.Frames.Skip(4)) output.WriteLine(frame);
        Assert.All(_host.Modals.Frames.Skip(4), f => Assert.DoesNotContain("┥Help┝", f));
    }

    [Fact]
    public void A_dialog_refits_and_rewraps_its_text_when_the_terminal_shrinks()
    {
        _host.Show<ConnectionsPane>(_host.Services());
        const string line = "A message long enough that at forty columns it takes three lines or more to say it all, every word.";
        using var dialog = Dialogs.Message(Theme.Create(noColor: false), "Note", 70, [(line, null)], "_OK");
        var token = _host.App.Begin(dialog);
        _host.App.LayoutAndDraw();
        Assert.Equal(70, dialog.Frame.Width);
        _host.App.Driver!.SetScreenSize(40, 12);
        string screen = _host.Screen();
        Assert.Equal(38, dialog.Frame.Width);
        Assert.Equal(Squeezed(line), Squeezed(Text(screen)));
        Assert.Contains("OK", Buttons(screen));
        _host.App.End(token!);
    }
}
