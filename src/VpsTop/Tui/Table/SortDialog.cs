namespace VpsTop.Tui.Table;

/// <summary>F6: htop's "Sort by" list. Enter picks the line under the cursor; Esc or Cancel leaves the order as it is.</summary>
public static class SortDialog
{
    /// <summary>The index of the chosen line, or null.</summary>
    public static int? Choose(TuiContext context, IReadOnlyList<string> lines, int current)
    {
        int width = Math.Max(24, lines.Max(l => l.Length) + 6);
        using var dialog = Dialogs.Create(context.Theme, "Sort by", width, lines.Count + 6, "_Cancel");
        var list = new RowTable<string>([TableColumn<string>.Flex("COLUMN", 8, 40, 1, line => line)], line => line);
        list.View.Style.ShowHeaders = false;
        int? chosen = null;
        list.View.Accepting += (_, e) =>
        {
            chosen = list.SelectedIndex;
            e.Handled = true;
            dialog.RequestStop();
        };
        dialog.Add(list.View);
        list.Set(lines, "");
        list.Select(Math.Clamp(current, 0, lines.Count - 1));
        list.View.SetFocus();
        context.Modals.Run(dialog);
        return chosen;
    }
}
