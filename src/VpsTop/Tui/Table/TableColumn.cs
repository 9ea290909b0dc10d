using Terminal.Gui.Drawing;

namespace VpsTop.Tui.Table;

/// <summary>
/// One column of a pane's table: its header, how a row's cell reads (already sanitized: text from the system is
/// hostile), how wide it may be, whether it may be sorted by and how, and the colour of its cells.
/// </summary>
/// <param name="Min">The narrowest it is drawn; a fixed column is drawn at this width when <paramref name="Max"/> is 0.</param>
/// <param name="Max">The widest a flexible column gets (0: fixed at <paramref name="Min"/>); the last flexible column
/// also takes what is left over once every column has its share.</param>
/// <param name="Weight">A flexible column's share of the room left after the fixed ones (0: fixed).</param>
/// <param name="HideBelow">The column gives way when the table is narrower than this (0: always shown).</param>
public sealed record TableColumn<TRow>(string Name, Func<TRow, string> Text, int Min, int Max = 0, int Weight = 0, int HideBelow = 0)
{
    public bool RightAligned { get; init; }

    /// <summary>Sort order for F6, ascending; null: not offered in the sort list.</summary>
    public Comparison<TRow>? Compare { get; init; }

    /// <summary>Whether F6 on this column starts with the largest first (numbers, rates, times).</summary>
    public bool DescendingFirst { get; init; }

    /// <summary>The colour of this column's cells; null uses the row's colour.</summary>
    public Func<TRow, Scheme?>? Color { get; init; }

    /// <summary>Whether the line under the table repeats this cell when the table cuts or hides it (not for graphs).</summary>
    public bool InDetail { get; init; } = true;

    public bool Flexible => Weight > 0;

    /// <summary>A fixed column.</summary>
    public static TableColumn<TRow> Fixed(string name, int width, Func<TRow, string> text, int hideBelow = 0) =>
        new(name, text, width, HideBelow: hideBelow);

    /// <summary>A column that shares the room left over.</summary>
    public static TableColumn<TRow> Flex(string name, int min, int max, int weight, Func<TRow, string> text, int hideBelow = 0) =>
        new(name, text, min, max, weight, hideBelow);
}
