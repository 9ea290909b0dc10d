using System.Drawing;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>Builders for the small dialogs. A dialog asks for a size and gets at most the screen less a margin, at
/// every layout (so a resize refits it): its frame and buttons are always on screen, and its lines wrap to what it
/// got. The last button of a Terminal.Gui dialog is the Enter default, so the safe choice always goes last, and it
/// has the focus when the dialog opens.</summary>
public static class Dialogs
{
    /// <summary>Columns and rows kept free around a dialog.</summary>
    private const int Margin = 2;

    public static Dialog Create(Theme theme, string title, int width, int height, params string[] buttons)
    {
        var dialog = new Dialog { Title = title };
        dialog.Width = Dim.Func(_ => Fit(width, Screen(dialog).Width));
        dialog.Height = Dim.Func(_ => Fit(height, Screen(dialog).Height));
        if (theme.Base is { } scheme) dialog.SetScheme(scheme);
        Button? last = null;
        foreach (string b in buttons) dialog.AddButton(last = new Button { Text = b });
        last?.SetFocus();
        dialog.KeyDown += (_, key) => MoveBetweenButtons(dialog, key);
        // Terminal.Gui repaints only part of what a closed dialog covered: bits of it stayed over the table.
        dialog.IsRunningChanged += (_, running) =>
        {
            if (!running.Value && dialog.App is { } app) app.ClearScreenNextIteration = true;
        };
        return dialog;
    }

    /// <summary>Left/Right step to the neighbouring button and stop at the ends, so an extra press never wraps from
    /// Cancel round to a signal. (Terminal.Gui's own arrow navigation wraps, and Tab still does.)</summary>
    private static void MoveBetweenButtons(Dialog dialog, Key key)
    {
        int step = key == Key.CursorLeft ? -1 : key == Key.CursorRight ? 1 : 0;
        if (key.Handled || step == 0) return;
        var buttons = dialog.Buttons;
        int focused = Array.FindIndex(buttons, b => b.HasFocus);
        if (focused < 0) return;
        buttons[Math.Clamp(focused + step, 0, buttons.Length - 1)].SetFocus();
        key.Handled = true;
    }

    /// <summary>A dialog as tall as its lines need once wrapped to its width, at most the screen's height.</summary>
    public static Dialog Message(Theme theme, string title, int width, IReadOnlyList<(string, Scheme?)> lines, params string[] buttons)
    {
        var dialog = Create(theme, title, width, 0, buttons);
        var view = AddLines(dialog, lines);
        dialog.Height = Dim.Func(_ => Fit(view.RowsAt(InnerWidth(dialog, width)) + Chrome(dialog).Vertical, Screen(dialog).Height));
        return dialog;
    }

    /// <summary>Lines in a scrollable view filling the dialog above its buttons. The view takes no focus (the buttons
    /// keep it, so Left/Right/Tab only move between them); its scroll keys reach it from the dialog.</summary>
    public static TextLinesView AddLines(Dialog dialog, IReadOnlyList<(string, Scheme?)> lines)
    {
        var view = new TextLinesView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), Lines = lines, CanFocus = false };
        dialog.Add(view);
        dialog.KeyDown += (_, key) =>
        {
            if (!key.Handled && view.KeyBindings.TryGet(key, out KeyBinding _)) key.Handled = view.NewKeyDownEvent(key);
        };
        return view;
    }

    /// <summary>A one-line text prompt (F3 search, F4 filter, a value): the question wrapped above the field, the text
    /// and cursor visible while typing. Returns null when cancelled (Esc or Cancel).</summary>
    public static string? Prompt(IModalRunner runner, Theme theme, string title, string label, string initial)
    {
        const int width = 60;
        using var dialog = Create(theme, title, width, 0, "_Cancel", "_OK");
        var caption = new TextLinesView { X = 1, Y = 0, Width = Dim.Fill(1), Lines = [(label, null)], CanFocus = false };
        int CaptionRows() => caption.RowsAt(InnerWidth(dialog, width) - 2);
        caption.Height = Dim.Func(_ => CaptionRows());
        var field = new TextField { X = 1, Y = Pos.Bottom(caption), Width = Dim.Fill(1), Text = initial };
        dialog.Add(caption, field);
        dialog.Height = Dim.Func(_ => Fit(CaptionRows() + 1 + Chrome(dialog).Vertical, Screen(dialog).Height));
        field.SetFocus();
        int? result = runner.Run(dialog);
        return result == 1 ? field.Text : null;
    }

    private static int Fit(int wanted, int screen) => Math.Max(1, Math.Min(wanted, screen - Margin));

    private static Size Screen(View dialog) => dialog.App?.Screen.Size ?? new Size(int.MaxValue, int.MaxValue);

    /// <summary>The columns inside the dialog's frame for a dialog that asked for <paramref name="width"/>.</summary>
    private static int InnerWidth(Dialog dialog, int width) => Fit(width, Screen(dialog).Width) - Chrome(dialog).Horizontal;

    /// <summary>Border, shadow, and the button row with the blank line Terminal.Gui keeps above it.</summary>
    private static Thickness Chrome(Dialog dialog) => dialog.GetAdornmentsThickness();
}
