using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// The parts every table pane shares: a table styled alike, a warning line that pushes the table down when shown,
/// F3 search, the F4 prompt, an OK box, and a selection that follows its row (by key) across refreshes as htop
/// follows a PID.
/// </summary>
internal sealed class PaneTable
{
    private readonly TuiContext _context;
    private readonly int _top;

    public PaneTable(TuiContext context, ITableSource source, int top)
    {
        _context = context;
        _top = top;
        Warning = PlainLabel.Create(top);
        Warning.Visible = false;
        if (context.Theme.Warn is { } warn) Warning.SetScheme(warn);
        Table = new TableView(source) { X = 0, Y = top, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true, CanFocus = true };
        var style = Table.Style;
        style.ShowHorizontalHeaderOverline = false;
        style.ShowHorizontalBottomLine = false;
        style.ShowVerticalCellLines = false;
        style.ShowVerticalHeaderLines = false;
        style.ExpandLastColumn = true;
        style.AlwaysShowHeaders = true;
    }

    public TableView Table { get; }
    public Label Warning { get; }

    public int SelectedRow => Table.Value?.SelectedCell.Y ?? -1;

    /// <summary>Shows "! text" above the table (sanitized), or hides the line; the table moves to make room.</summary>
    public void ShowWarning(string? text)
    {
        bool show = text is not null;
        if (show) Warning.Text = "! " + SafeText.Sanitize(text, 300);
        if (Warning.Visible == show) return;
        Warning.Visible = show;
        Table.Y = show ? _top + 1 : _top;
    }

    public static void SetWidth(TableStyle style, int column, int width)
    {
        var c = style.GetOrCreateColumnStyle(column);
        c.MinWidth = width;
        c.MaxWidth = width;
    }

    public void Inform(string title, string message)
    {
        using var dialog = Dialogs.Create(_context.Theme, title, 70, 8, "_OK");
        Dialogs.AddLines(dialog, [(SafeText.Sanitize(message), null)]);
        _context.Modals.Run(dialog);
    }

    /// <summary>F4: the new filter text (trimmed), or null when cancelled.</summary>
    public string? PromptFilter(string current) =>
        Dialogs.Prompt(_context.Modals, _context.Theme, "Filter", "Show only rows containing (empty: all):", current)?.Trim();

    /// <summary>F3: asks for text and moves to the next row containing it; returns the text asked for (or the old one).</summary>
    public string Search(string previous)
    {
        if (Dialogs.Prompt(_context.Modals, _context.Theme, "Search", "Jump to the next row containing:", previous) is not { } text) return previous;
        var source = Table.Table;
        if (text.Length == 0 || source is null || source.Rows == 0) return text;
        int start = Math.Max(SelectedRow, -1);
        for (int step = 1; step <= source.Rows; step++)
        {
            int row = (start + step) % source.Rows;
            for (int col = 0; col < source.Columns; col++)
            {
                if (source[row, col] is string cell && cell.Contains(text, StringComparison.OrdinalIgnoreCase))
                {
                    Select(row);
                    Table.EnsureCursorIsVisible();
                    return text;
                }
            }
        }
        Inform("Search", $"No row contains '{text}'.");
        return text;
    }

    /// <summary>htop's letters for the function keys, the same on every pane: / search, \ filter, &gt; sort, I reverse,
    /// k kill. Returns whether <paramref name="ch"/> was one of them.</summary>
    public static bool HandleHtopLetter(int ch, IPane pane, Action reverseSort)
    {
        switch (ch)
        {
            case '/': pane.Search(); return true;
            case '\\': pane.Filter(); return true;
            case '>': pane.Sort(); return true;
            case 'I': reverseSort(); return true;
            case 'k': pane.Kill(); return true;
            default: return false;
        }
    }

    public void Select(int row) => Table.Value = new TableSelection(new System.Drawing.Point(0, row));

    /// <summary>The key of the selected row, or null.</summary>
    public object? SelectedKey(int rows, Func<int, object> keyAt) => SelectedRow >= 0 && SelectedRow < rows ? keyAt(SelectedRow) : null;

    /// <summary>Puts the cursor back on the row with <paramref name="key"/>; if it is gone, stays on the same line number.</summary>
    public void Reselect(object? key, int rows, Func<int, object> keyAt)
    {
        if (rows == 0) return;
        if (key is null)
        {
            if (Table.Value is null || SelectedRow >= rows) Select(0);
            return;
        }
        for (int i = 0; i < rows; i++)
        {
            if (key.Equals(keyAt(i)))
            {
                if (SelectedRow != i) Select(i);
                return;
            }
        }
        if (SelectedRow >= rows) Select(rows - 1);
    }
}
