using Terminal.Gui.App;
using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>Runs a modal dialog and returns the index of the button pressed (null: Esc). A seam so headless
/// tests can show a dialog, read the screen and press its keys without a blocking main loop.</summary>
public interface IModalRunner
{
    int? Run(Dialog dialog);
}

public sealed class AppModalRunner(IApplication app) : IModalRunner
{
    public int? Run(Dialog dialog)
    {
        app.Run(dialog);
        return dialog.Result;
    }
}
