namespace VpsTop.Tui.Table;

/// <summary>
/// Column widths for the room there is: fixed columns take their width, flexible ones share the rest by weight within
/// their bounds, and the last flexible column takes whatever is left, so text is cut only when the screen is really
/// too narrow. Columns narrower than their <c>HideBelow</c> give way first. Widths stay put while the screen does, so
/// columns do not jump as their contents change.
/// </summary>
public static class ColumnFit
{
    /// <summary>One width per column; 0 for a hidden one. Each shown column is followed by one space.</summary>
    public static int[] Widths<TRow>(IReadOnlyList<TableColumn<TRow>> columns, int width)
    {
        var widths = new int[columns.Count];
        int room = width, totalWeight = 0, lastFlexible = -1;
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (c.HideBelow > 0 && width < c.HideBelow) continue;
            room -= 1 + c.Min;
            widths[i] = c.Min;
            if (!c.Flexible) continue;
            totalWeight += c.Weight;
            lastFlexible = i;
        }
        if (room <= 0 || lastFlexible < 0) return widths;
        int share = room;
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (!c.Flexible || widths[i] == 0) continue;
            int extra = Math.Min(share * c.Weight / totalWeight, Math.Max(0, c.Max - c.Min));
            widths[i] += extra;
            room -= extra;
        }
        // What the bounds left over goes to the last flexible column: a path or a note is better whole than padding.
        widths[lastFlexible] += room;
        return widths;
    }
}
