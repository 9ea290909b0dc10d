using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace VpsTop.Tui;

/// <summary>Read-only lines, each with an optional scheme, wrapped at word boundaries to the view's width (again on
/// every resize) so nothing is cut, and scrolled with the arrows, PgUp/PgDn, Home/End and the wheel. Lines must
/// already be sanitized.</summary>
public sealed class TextLinesView : View
{
    private IReadOnlyList<(string Text, Scheme? Scheme)> _lines = [];
    private List<(string Text, Scheme? Scheme)> _rows = [];
    private int _wrappedFor = -1;

    public TextLinesView()
    {
        CanFocus = true;
        ViewportSettings |= ViewportSettingsFlags.HasVerticalScrollBar;
        AddCommand(Command.Down, () => ScrollTo(Viewport.Y + 1));
        AddCommand(Command.Up, () => ScrollTo(Viewport.Y - 1));
        AddCommand(Command.ScrollDown, () => ScrollTo(Viewport.Y + 3));
        AddCommand(Command.ScrollUp, () => ScrollTo(Viewport.Y - 3));
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
        MouseBindings.Add(MouseFlags.WheeledDown, Command.ScrollDown);
        MouseBindings.Add(MouseFlags.WheeledUp, Command.ScrollUp);
    }

    public IReadOnlyList<(string Text, Scheme? Scheme)> Lines
    {
        get => _lines;
        set
        {
            _lines = value;
            _wrappedFor = -1;
            Rewrap();
            SetNeedsDraw();
        }
    }

    /// <summary>The lines as shown: wrapped to the current width.</summary>
    public IReadOnlyList<(string Text, Scheme? Scheme)> Rows => _rows;

    /// <summary>How many rows the lines take when wrapped to <paramref name="width"/> columns.</summary>
    public int RowsAt(int width)
    {
        var pieces = new List<string>();
        foreach (var (text, _) in _lines) LineWrap.Wrap(text, width, pieces);
        return pieces.Count;
    }

    protected override void OnViewportChanged(DrawEventArgs e)
    {
        base.OnViewportChanged(e);
        Rewrap();
    }

    private void Rewrap()
    {
        int width = Viewport.Width;
        if (width <= 0 || width == _wrappedFor) return;
        _wrappedFor = width;
        var rows = new List<(string, Scheme?)>();
        var pieces = new List<string>();
        foreach (var (text, scheme) in _lines)
        {
            pieces.Clear();
            LineWrap.Wrap(text, width, pieces);
            foreach (string piece in pieces) rows.Add((piece, scheme));
        }
        _rows = rows;
        SetContentSize(new System.Drawing.Size(width, Math.Max(1, rows.Count)));
        ScrollTo(Viewport.Y);
    }

    private bool? ScrollTo(int y)
    {
        int max = Math.Max(0, _rows.Count - Viewport.Height);
        int clamped = Math.Clamp(y, 0, max);
        if (clamped != Viewport.Y) Viewport = Viewport with { Y = clamped };
        return true;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        Rewrap();
        Attribute normal = GetAttributeForRole(VisualRole.Normal);
        for (int row = 0; row < Viewport.Height; row++)
        {
            int i = Viewport.Y + row;
            string text = i < _rows.Count ? _rows[i].Text : "";
            SetAttribute(i < _rows.Count && _rows[i].Scheme is { } s ? s.Normal : normal);
            Move(0, row);
            AddStr(text);
            int pad = Viewport.Width - LineWrap.Columns(text);
            if (pad > 0) AddStr(new string(' ', pad));
        }
        return true;
    }
}
