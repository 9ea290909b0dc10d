using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace VpsTop.Tui;

/// <summary>Starts the full-screen monitor on the real terminal.</summary>
public static class TuiApp
{
    public const int IterationsPerSecond = 12;

    public static int Run(TuiOptions options, TuiServices services)
    {
        // Force16Colors is read by the driver at Init, so it is set first.
        if (options.Force16Colors || options.NoColor) Driver.Force16Colors = true;
        // Terminal.Gui's loop re-sends "hide cursor, go home" on every iteration (measured: 12 bytes × 25/s
        // while idle) and polls at that rate. 12 iterations a second halves both; an 83 ms worst-case key
        // latency is below what an SSH round trip adds anyway.
        Application.MaximumIterationsPerSecond = IterationsPerSecond;
        using IApplication app = Application.Create();
        app.Init();
        using var window = new MainWindow(app, services, options);
        window.StartTimer();
        app.Run(window);
        return 0;
    }
}
