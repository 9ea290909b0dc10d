using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>
/// The shell: a header line, one tab per registered pane, and htop's function keys in the status bar. One UI
/// timer refreshes only the visible pane, and only when its snapshot changed.
/// </summary>
public sealed class MainWindow : Window
{
    private readonly IApplication _app;
    private readonly TuiContext _context;
    private readonly Label _header;
    private readonly Label _clock;
    private readonly string _host = Environment.MachineName;
    private readonly Func<DateTime> _now;
    private readonly TypeAhead _typeAhead;
    private readonly IInputProcessor? _input;
    private object? _timer;
    private bool _focusAfterSwitch;

    public MainWindow(IApplication app, TuiServices services, TuiOptions options, IModalRunner? modals = null)
    {
        _app = app;
        _now = options.Now;
        Title = "VpsTop";
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;
        var theme = Theme.Create(options.NoColor);
        if (theme.Base is { } scheme) SetScheme(scheme);
        _context = new TuiContext(theme, modals ?? new AppModalRunner(app), services.Inspector, services.Killer);
        Panes = PaneRegistry.Create(services, _context);

        _header = PlainLabel.Create(0);
        _header.Text = "VpsTop";
        _header.Width = Dim.Fill(9);
        // The clock is its own label: it ticks every second, and only its eight cells are redrawn.
        _clock = new Label { X = Pos.AnchorEnd(8), Y = 0, Width = 8, Height = 1, Text = Now() };
        Tabs = new Tabs { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1) };
        foreach (var pane in Panes) Tabs.Add(pane.View);
        // Terminal.Gui 2.5 leaves the old tab header on the terminal after a switch; a full clear fixes it.
        Tabs.ValueChanged += (_, _) =>
        {
            app.ClearScreenNextIteration = true;
            RefreshVisible(force: true);
            // Alt+hotkey leaves the focus on the tab header, where the pane's keys (f, e, 1…) would not arrive; the
            // Tabs view sets that focus after this event, so move it once the switch is done, or before the next key
            // if that comes first (Alt+C then l in one read).
            _focusAfterSwitch = true;
            app.AddTimeout(TimeSpan.Zero, () =>
            {
                FocusPaneAfterSwitch();
                return false;
            });
        };

        FunctionBar = new FunctionBar();
        Add(_header, _clock, Tabs, FunctionBar);
        ShowBarKeys();

        // htop's function keys, after the focused view (they reach the window only while no dialog is on top).
        KeyDown += (_, key) =>
        {
            // Esc is Terminal.Gui's quit key; here it must only close dialogs, never the whole monitor.
            if (key == Key.Esc) Current.Back();
            else if (key == Key.F10) _app.RequestStop(this);
            else if (key == Key.F1) ShowHelp();
            else if (key == Key.F3) Current.Search();
            else if (key == Key.F4) Current.Filter();
            else if (key == Key.F6) Current.Sort();
            else if (key == Key.F9) Current.Kill();
            else return;
            key.Handled = true;
        };
        // Before any view sees them (the table would take letters as type-to-jump), but only while no
        // dialog is open, so typing 'q' into a filter prompt still types.
        _typeAhead = new TypeAhead(app);
        app.Keyboard.KeyDown += OnApplicationKeyDown;
        _input = app.Driver?.GetInputProcessor();
        if (_input is not null) _input.AnsiSequenceSwallowed += OnInputSwallowed;
        Initialized += (_, _) => RefreshVisible(force: true);
        RefreshInterval = options.RefreshInterval;
    }

    public IReadOnlyList<IPane> Panes { get; }
    public Tabs Tabs { get; }
    public FunctionBar FunctionBar { get; }
    public TimeSpan RefreshInterval { get; }

    /// <summary>How many times a pane actually redrew; tests use it to prove idle ticks draw nothing.</summary>
    public int Redraws { get; private set; }

    public IPane Current
    {
        get
        {
            foreach (var pane in Panes)
                if (ReferenceEquals(pane.View, Tabs.Value)) return pane;
            return Panes[0];
        }
    }

    /// <summary>The UI timer. Collectors publish on their own threads; this only reads their latest snapshot.</summary>
    public void StartTimer()
    {
        // Half the interval: a new snapshot is shown at most half a period after it was published.
        var tick = TimeSpan.FromMilliseconds(Math.Max(100, RefreshInterval.TotalMilliseconds / 2));
        _timer = _app.AddTimeout(tick, () =>
        {
            RefreshVisible(force: false);
            return true;
        });
    }

    public void RefreshVisible(bool force)
    {
        // The clock moves even when nothing else does: a frozen clock looks like a hung tool.
        string now = Now();
        if (_clock.Text != now) _clock.Text = now;
        var pane = Current;
        bool redrew = pane.Refresh(force);
        // The summary can change without the pane redrawing (a choice counted before the timer's tick).
        string text = $"VpsTop {_host}  {pane.Summary}";
        if (_header.Text != text) _header.Text = text;
        if (!redrew) return;
        Redraws++;
        ShowBarKeys();
    }

    private string Now() => _now().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>htop's function keys (F9 only where there is something to kill), then the visible pane's own keys.</summary>
    private void ShowBarKeys()
    {
        var pane = Current;
        var common = new List<BarKey>
        {
            new("F1", "Help", () => WhenOnTop(ShowHelp)),
            new("F3", "Search", () => WhenOnTop(pane.Search)),
            new("F4", "Filter", () => WhenOnTop(pane.Filter)),
            new("F6", "SortBy", () => WhenOnTop(pane.Sort)),
        };
        if (pane.CanKill) common.Add(new BarKey("F9", "Kill", () => WhenOnTop(pane.Kill)));
        common.Add(new BarKey("F10", "Quit", () => WhenOnTop(() => _app.RequestStop(this))));
        FunctionBar.SetKeys(common, pane.BarKeys);
    }

    private void OnApplicationKeyDown(object? sender, Key key)
    {
        if (_typeAhead.Hold(key) || !ReferenceEquals(_app.TopRunnable, this)) return; // typing into a dialog
        FocusPaneAfterSwitch();
        if (key.AsRune.Value == 'q') Handle(key, () => _app.RequestStop(this));
        // F5 is htop's key but not on the bar: there is room for the pane's own keys instead.
        else if (key == Key.F5) Handle(key, () => Current.CollectNow());
        else if (key.AsRune.Value is 'h' or '?') Handle(key, ShowHelp);

        static void Handle(Key key, Action action)
        {
            key.Handled = true;
            action();
        }
    }

    /// <summary>Keys the input layer dropped with an Alt key typed just before them, handled before any key after them.</summary>
    private void OnInputSwallowed(object? sender, string swallowed)
    {
        if (sender is InputProcessorImpl<char> ansi && SwallowedAltKeys.Recover(swallowed, ansi.KeyConverter) is { } keys)
            _typeAhead.Add(keys);
    }

    private void FocusPaneAfterSwitch()
    {
        if (!_focusAfterSwitch) return;
        _focusAfterSwitch = false;
        if (Current.View.Border?.View is { HasFocus: true } title) title.HasFocus = false;
        Current.Focus();
    }

    /// <summary>Shortcuts are application-wide: never act on the main window from underneath a dialog. (A key typed
    /// while a dialog closes was held by <see cref="TypeAhead"/> and comes back once the dialog is gone.)</summary>
    private void WhenOnTop(Action action)
    {
        if (ReferenceEquals(_app.TopRunnable, this)) action();
    }

    private void ShowHelp()
    {
        var lines = new List<(string, Terminal.Gui.Drawing.Scheme?)>
        {
            ("VpsTop: what is using this server's network, and who is knocking.", _context.Theme.Info),
            ("", null),
            ("  F1  h ?  this help", null),
            ("  F3  /    search", null),
            ("  F4  \\    filter", null),
            ("  F5       refresh now", null),
            ("  F6  >    sort (I: reverse)", null),
            ("  F9  k    kill the selected process", null),
            ("  F10 q    quit", null),
            ("  Alt+letter or mouse: switch tab.  In a dialog: arrows, PgUp/PgDn scroll; Left/Right, Tab choose a button.", null),
            ("", null),
        };
        foreach (var pane in Panes)
        {
            foreach (string line in pane.HelpLines) lines.Add((line, null));
            lines.Add(("", null));
        }
        using var dialog = Dialogs.Create(_context.Theme, "Help", 90, 24, "_Close");
        Dialogs.AddLines(dialog, lines);
        _context.Modals.Run(dialog);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Keyboard.KeyDown -= OnApplicationKeyDown;
            if (_input is not null) _input.AnsiSequenceSwallowed -= OnInputSwallowed;
            if (_timer is not null) _app.RemoveTimeout(_timer);
        }
        base.Dispose(disposing);
    }
}
