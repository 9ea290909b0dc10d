using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace VpsTop.Tui;

/// <summary>One key on the bottom bar: what to press, what it does, and what a click on it runs.</summary>
public sealed record BarKey(string Key, string Label, Action Run);

/// <summary>
/// htop's function bar: the keys in reverse video, each followed by what it does, and a click on one runs it. The
/// function keys come first and always fit (F10 Quit included, at 60 columns too); the visible pane's own keys follow
/// while there is room, so the bar changes with the pane as htop's changes with its context.
/// </summary>
public sealed class FunctionBar : View
{
    private IReadOnlyList<BarKey> _common = [];
    private IReadOnlyList<BarKey> _pane = [];
    private readonly List<(int Start, int End, BarKey Key)> _spans = [];

    public FunctionBar()
    {
        X = 0;
        Y = Pos.AnchorEnd(1);
        Width = Dim.Fill();
        Height = 1;
        CanFocus = false;
    }

    /// <summary>The keys shown now, in order (for tests and the help).</summary>
    public IReadOnlyList<BarKey> Shown => [.. _spans.Select(s => s.Key)];

    public void SetKeys(IReadOnlyList<BarKey> common, IReadOnlyList<BarKey> pane)
    {
        if (Same(_common, common) && Same(_pane, pane)) return;
        _common = common;
        _pane = pane;
        SetNeedsDraw();
    }

    private static bool Same(IReadOnlyList<BarKey> a, IReadOnlyList<BarKey> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i].Key != b[i].Key || a[i].Label != b[i].Label) return false;
        return true;
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        var key = GetAttributeForRole(VisualRole.Focus);
        int width = Viewport.Width;
        _spans.Clear();
        Move(0, 0);
        int x = 0;
        foreach (var k in _common) x = Put(k, x, width, normal, key);
        if (_pane.Count > 0 && x + 2 < width)
        {
            x = Write(" ", x, width, normal);
            foreach (var k in _pane)
            {
                if (x + k.Key.Length + k.Label.Length > width) break;
                x = Put(k, x, width, normal, key);
            }
        }
        Write(new string(' ', Math.Max(0, width - x)), x, width, normal);
        return true;
    }

    /// <summary>"F1" in reverse, then "Help", then a space.</summary>
    private int Put(BarKey k, int x, int width, Attribute normal, Attribute key)
    {
        int start = x;
        x = Write(k.Key, x, width, key);
        x = Write(k.Label, x, width, normal);
        x = Write(" ", x, width, normal);
        _spans.Add((start, x, k));
        return x;
    }

    private int Write(string text, int x, int width, Attribute attribute)
    {
        if (x >= width) return x;
        SetAttribute(attribute);
        Move(x, 0);
        string part = text.Length > width - x ? text[..(width - x)] : text;
        AddStr(part);
        return x + part.Length;
    }

    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (!mouse.IsSingleClicked || mouse.Position is not { } at) return false;
        foreach (var (start, end, key) in _spans)
        {
            if (at.X < start || at.X >= end) continue;
            key.Run();
            return true;
        }
        return false;
    }
}
