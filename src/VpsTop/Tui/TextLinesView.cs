using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace VpsTop.Tui;

/// <summary>Read-only scrollable lines, each with an optional scheme. Lines must already be sanitized.</summary>
public sealed class TextLinesView : View
{
    private IReadOnlyList<(string Text, Scheme? Scheme)> _lines = [];

    public TextLinesView()
    {
        CanFocus = true;
        ViewportSettings |= ViewportSettingsFlags.HasVerticalScrollBar;
        AddCommand(Command.Down, () => ScrollTo(Viewport.Y + 1));
        AddCommand(Command.Up, () => ScrollTo(Viewport.Y - 1));
        AddCommand(Command.PageDown, () => ScrollTo(Viewport.Y + Math.Max(1, Viewport.Height - 1)));
        AddCommand(Command.PageUp, () => ScrollTo(Viewport.Y - Math.Max(1, Viewport.Height - 1)));
        AddCommand(Command.Start, () => ScrollTo(0));
        AddCommand(Command.End, () => ScrollTo(int.MaxValue));
        KeyBindings.Add(Key.CursorDown, Command.Down);
        KeyBindings.Add(Key.CursorUp, Command.Up);
        KeyBindings.Add(Key.PageDown, Command.PageDown);
        KeyBindings.Add(Key.PageUp, Command.PageUp);
        KeyBindings.Add(Key.Home, Command.Start);
        KeyBindings.Add(Key.End, Command.End);
    }

    public IReadOnlyList<(string Text, Scheme? Scheme)> Lines
    {
        get => _lines;
        set
        {
            _lines = value;
            int width = 1;
            foreach (var (text, _) in value) width = Math.Max(width, text.Length);
            SetContentSize(new System.Drawing.Size(width, Math.Max(1, value.Count)));
            SetNeedsDraw();
        }
    }

    private bool? ScrollTo(int y)
    {
        int max = Math.Max(0, _lines.Count - Viewport.Height);
        Viewport = Viewport with { Y = Math.Clamp(y, 0, max) };
        return true;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        Attribute normal = GetAttributeForRole(VisualRole.Normal);
        for (int row = 0; row < Viewport.Height; row++)
        {
            int i = Viewport.Y + row;
            string text = i < _lines.Count ? _lines[i].Text : "";
            SetAttribute(i < _lines.Count && _lines[i].Scheme is { } s ? s.Normal : normal);
            Move(0, row);
            AddStr(text.Length > Viewport.Width ? text[..Viewport.Width] : text.PadRight(Viewport.Width));
        }
        return true;
    }
}
