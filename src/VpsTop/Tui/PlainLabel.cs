using System.Text;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>A one-line label for text from the system (paths, user names, interface names): '_' is shown as itself,
/// not taken as a hotkey marker as Terminal.Gui does for titles.</summary>
public static class PlainLabel
{
    public static Label Create(int y) => new()
    {
        X = 0, Y = y, Width = Dim.Fill(), Height = 1, Text = "",
        HotKeySpecifier = new Rune(0xFFFF)
    };
}
