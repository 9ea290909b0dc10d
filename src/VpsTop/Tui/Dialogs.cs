using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>Builders for the small dialogs. The last button of a Terminal.Gui dialog is the Enter default,
/// so the safe choice always goes last.</summary>
public static class Dialogs
{
    public static Dialog Create(Theme theme, string title, int width, int height, params string[] buttons)
    {
        var dialog = new Dialog { Title = title, Width = width, Height = height };
        if (theme.Base is { } scheme) dialog.SetScheme(scheme);
        foreach (string b in buttons) dialog.AddButton(new Button { Text = b });
        return dialog;
    }

    /// <summary>Lines in a scrollable view filling the dialog above its buttons.</summary>
    public static TextLinesView AddLines(Dialog dialog, IReadOnlyList<(string, Terminal.Gui.Drawing.Scheme?)> lines)
    {
        var view = new TextLinesView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), Lines = lines };
        dialog.Add(view);
        return view;
    }

    /// <summary>A one-line text prompt (F3 search, F4 filter). Returns null when cancelled.</summary>
    public static string? Prompt(IModalRunner runner, Theme theme, string title, string label, string initial)
    {
        using var dialog = Create(theme, title, 50, 7, "_Cancel", "_OK");
        var caption = new Label { X = 1, Y = 0, Text = label };
        var field = new TextField { X = 1, Y = 1, Width = Dim.Fill(1), Text = initial };
        dialog.Add(caption, field);
        field.SetFocus();
        int? result = runner.Run(dialog);
        return result == 1 ? field.Text : null;
    }
}
