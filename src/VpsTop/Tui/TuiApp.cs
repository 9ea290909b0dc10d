using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace VpsTop.Tui;

/// <summary>Starts the full-screen monitor on the real terminal.</summary>
public static class TuiApp
{
    public static int Run(TuiOptions options, TuiServices services)
    {
        // Force16Colors is read by the driver at Init, so it is set first.
        if (options.Force16Colors || options.NoColor) Driver.Force16Colors = true;
        using IApplication app = Application.Create();
        app.Init();
        using var window = new MainWindow(app, services, options);
        window.StartTimer();
        app.Run(window);
        return 0;
    }
}
