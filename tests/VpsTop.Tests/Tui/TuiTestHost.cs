using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>
/// The real main window on Terminal.Gui's ANSI driver without a terminal, on a virtual clock, with scripted dialogs
/// and a recording killer: what each pane's tests start from. The incident's connections snapshot is published
/// once; <see cref="Show{T}"/> brings a pane's tab to the front.
/// </summary>
public sealed class TuiTestHost : IDisposable
{
    private readonly VirtualTimeProvider _clock = new();
    private readonly ITestOutputHelper _output;
    private SessionToken? _token;

    public TuiTestHost(ITestOutputHelper output)
    {
        _output = output;
        App = Application.Create(_clock);
    }

    public IApplication App { get; }
    public HeldFeed<ConnectionsSnapshot> Connections { get; } = new(IncidentSnapshot.Create());
    public RecordingKiller Killer { get; } = new();

    /// <summary>What the header's clock reads.</summary>
    public DateTime Now { get; set; } = new(2026, 11, 28, 3, 12, 0);
    public ScriptedModals Modals => _modals ?? throw new InvalidOperationException("Start first");
    public MainWindow Window => _window ?? throw new InvalidOperationException("Start first");
    private ScriptedModals? _modals;
    private MainWindow? _window;

    /// <summary>The services every pane test shares; a test replaces the one its pane reads.</summary>
    public TuiServices Services(Func<TuiServices, TuiServices>? adjust = null)
    {
        var services = new TuiServices
        {
            Connections = Connections, Inspector = new HandInspector(IncidentSnapshot.Details()), Killer = Killer,
            Bandwidth = IncidentTraffic.Feed(), Auth = IncidentAuth.Feed(), Hardening = HardeningFixture.SharedService,
        };
        return adjust is null ? services : adjust(services);
    }

    public T Show<T>(TuiServices services, bool noColor = false, int width = 80, int height = 24) where T : IPane
    {
        App.Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        _modals = new ScriptedModals(App, _clock);
        _window = new MainWindow(App, services, new TuiOptions { NoColor = noColor, Now = () => Now }, _modals);
        _token = App.Begin(_window);
        var pane = _window.Panes.OfType<T>().Single();
        _window.Tabs.Value = pane.View;
        App.LayoutAndDraw();
        pane.Focus();
        return pane;
    }

    public string Screen()
    {
        App.LayoutAndDraw();
        string screen = App.Driver!.ToString()!;
        _output.WriteLine(screen);
        return screen;
    }

    public void Press(params Key[] keys)
    {
        foreach (var k in keys) App.InjectKey(k);
    }

    public void Dispose()
    {
        if (_token is not null) App.End(_token);
        _window?.Dispose();
        App.Dispose();
    }
}
