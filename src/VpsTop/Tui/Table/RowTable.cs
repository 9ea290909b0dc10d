using System.Drawing;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace VpsTop.Tui.Table;

/// <summary>
/// A pane's table of rows of one kind, built from column specs: widths fitted to the screen, the rows filtered and
/// sorted (F6 offers the sortable columns, as htop's sort-by list), and the cursor kept on its row by key across
/// refreshes as htop keeps it on a PID. Cells are formatted only for the rows on screen, and a refresh that leaves
/// them as they are draws nothing. Each view of a pane is its own table, so a sort belongs to its view.
/// </summary>
public sealed class RowTable<TRow> : ITableSource, IRowTable
{
    private readonly IReadOnlyList<TableColumn<TRow>> _columns;
    private readonly Func<TRow, object> _key;
    private readonly Comparison<TRow>? _defaultOrder;
    private readonly string[] _names;
    private IReadOnlyList<TRow> _all = [];
    private List<TRow> _rows = [];
    private int[] _widths = [];
    private int _fittedWidth = -1;
    private string[] _drawn = [];
    private int _sortColumn = -1;
    private bool _descending;
    private string _filter = "";

    /// <param name="key">What identifies a row across refreshes (a PID and start time, an address, a socket).</param>
    /// <param name="defaultOrder">The order without a sort column (null: as given); ties keep the order given.</param>
    public RowTable(IReadOnlyList<TableColumn<TRow>> columns, Func<TRow, object> key, Comparison<TRow>? defaultOrder = null,
        Func<TRow, Scheme?>? rowColor = null)
    {
        _columns = columns;
        _key = key;
        _defaultOrder = defaultOrder;
        _names = [.. columns.Select(c => c.Name)];
        View = new TableView(this) { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true, CanFocus = true };
        var style = View.Style;
        style.ShowHorizontalHeaderOverline = false;
        style.ShowHorizontalBottomLine = false;
        style.ShowVerticalCellLines = false;
        style.ShowVerticalHeaderLines = false;
        style.ExpandLastColumn = true;
        style.AlwaysShowHeaders = true;
        for (int i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var cs = style.GetOrCreateColumnStyle(i);
            cs.TruncationIndicator = "…";
            if (column.RightAligned) cs.Alignment = Alignment.End;
            if (column.Color is { } color) cs.ColorGetter = args => args.RowIndex < _rows.Count ? color(_rows[args.RowIndex]) : null;
        }
        if (rowColor is not null) style.RowColorGetter = args => args.RowIndex < _rows.Count ? rowColor(_rows[args.RowIndex]) : null;
        View.ViewportChanged += (_, _) => Fit();
        View.KeyDown += OnKeyDown;
    }

    public TableView View { get; }

    /// <summary>Raised when the rows on screen changed (the pane's line under the table follows the selected row).</summary>
    public event Action? Redrawn;

    /// <summary>The rows shown, filtered and in order.</summary>
    public IReadOnlyList<TRow> Rows => _rows;

    public int Count => _rows.Count;

    public IReadOnlyList<TableColumn<TRow>> Columns => _columns;

    public int SelectedIndex => View.Value?.SelectedCell.Y is int y && y >= 0 && y < _rows.Count ? y : -1;

    public TRow? Selected => SelectedIndex is var i and >= 0 ? _rows[i] : default;

    public bool HasSelection => SelectedIndex >= 0;

    /// <summary>"PROGRAM▲" when sorted by a column, "" in the default order.</summary>
    public string SortLabel => _sortColumn < 0 ? "" : _names[_sortColumn] + (_descending ? "▼" : "▲");

    /// <summary>Replaces the rows (the latest snapshot's) and keeps the cursor on its row. Returns whether what the screen
    /// shows of the table changed; when it did not, nothing is redrawn.</summary>
    public bool Set(IReadOnlyList<TRow> rows, string filter)
    {
        _all = rows;
        _filter = filter;
        return Rebuild();
    }

    /// <summary>Shows the rows again after the filter or the order changed; always redraws.</summary>
    public void Reshow()
    {
        Rebuild();
        View.SetNeedsDraw();
    }

    private bool Rebuild()
    {
        object? selected = HasSelection ? _key(_rows[SelectedIndex]) : null;
        int selectedAt = SelectedIndex;
        var rows = new List<TRow>(_all.Count);
        foreach (var row in _all)
            if (_filter.Length == 0 || Contains(row, _filter)) rows.Add(row);
        Order(rows);
        _rows = rows;
        Reselect(selected, selectedAt);
        Fit();
        return Redraw();
    }

    private void Order(List<TRow> rows)
    {
        var compare = _sortColumn >= 0 ? _columns[_sortColumn].Compare : _defaultOrder;
        if (compare is null) return;
        // Stable: rows that compare equal keep the order they came in, so equal rows do not swap each second.
        int sign = _sortColumn >= 0 && _descending ? -1 : 1;
        var given = rows.ToArray();
        var order = new int[given.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = compare(given[a], given[b]) * sign;
            return c != 0 ? c : a.CompareTo(b);
        });
        for (int i = 0; i < order.Length; i++) rows[i] = given[order[i]];
    }

    private bool Contains(TRow row, string text)
    {
        foreach (var column in _columns)
            if (column.Text(row).Contains(text, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private void Reselect(object? key, int oldIndex)
    {
        if (_rows.Count == 0) return;
        if (key is not null)
        {
            for (int i = 0; i < _rows.Count; i++)
            {
                if (!key.Equals(_key(_rows[i]))) continue;
                if (i != SelectedIndex) Select(i);
                return;
            }
        }
        // Its row is gone: stay on the same line, as htop does when a process exits under the cursor.
        int at = Math.Clamp(oldIndex, 0, _rows.Count - 1);
        if (at != SelectedIndex) Select(at);
    }

    public void Select(int row)
    {
        View.Value = new TableSelection(new Point(0, row));
        View.EnsureCursorIsVisible();
    }

    /// <summary>Whether the rows on screen read differently from what was drawn last (text, order, count, scroll).</summary>
    private bool Redraw()
    {
        int top = View.RowOffset, height = Math.Max(1, View.Viewport.Height);
        int end = Math.Min(_rows.Count, top + height);
        int cells = Math.Max(0, end - top) * _columns.Count;
        var shown = new string[cells + 3];
        int n = 0;
        for (int r = top; r < end; r++)
            foreach (var column in _columns) shown[n++] = column.Text(_rows[r]);
        shown[n++] = _rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        shown[n++] = top.ToString(System.Globalization.CultureInfo.InvariantCulture);
        shown[n] = SelectedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (shown.AsSpan().SequenceEqual(_drawn)) return false;
        _drawn = shown;
        View.Update();
        Redrawn?.Invoke();
        return true;
    }

    /// <summary>Fits the columns to the table's width; again only when the width changed.</summary>
    private void Fit()
    {
        int width = View.Viewport.Width;
        if (width <= 0 || width == _fittedWidth) return;
        _fittedWidth = width;
        _widths = ColumnFit.Widths(_columns, width);
        for (int i = 0; i < _columns.Count; i++)
        {
            var cs = View.Style.GetOrCreateColumnStyle(i);
            cs.Visible = _widths[i] > 0;
            cs.MinWidth = cs.MaxWidth = Math.Max(1, _widths[i]);
        }
        _drawn = [];
        View.Update();
    }

    /// <summary>F6: htop's sort-by list of this view's sortable columns; choosing the current one again reverses it.</summary>
    public void ChooseSort(TuiContext context)
    {
        var sortable = new List<int>();
        for (int i = 0; i < _columns.Count; i++)
            if (_columns[i].Compare is not null) sortable.Add(i);
        var names = new List<string> { "(default order)" };
        foreach (int i in sortable) names.Add(_names[i] + (i == _sortColumn ? (_descending ? "  ▼" : "  ▲") : ""));
        int current = _sortColumn < 0 ? 0 : sortable.IndexOf(_sortColumn) + 1;
        if (SortDialog.Choose(context, names, current) is not { } choice) return;
        if (choice == 0) _sortColumn = -1;
        else
        {
            int column = sortable[choice - 1];
            _descending = column == _sortColumn ? !_descending : _columns[column].DescendingFirst;
            _sortColumn = column;
        }
        Reshow();
    }

    /// <summary>htop's I: the other direction.</summary>
    public void ReverseSort()
    {
        if (_sortColumn < 0) return;
        _descending = !_descending;
        Reshow();
    }

    /// <summary>Moves to the next row containing the text; false when none does.</summary>
    public bool SearchNext(string text)
    {
        if (text.Length == 0 || _rows.Count == 0) return true;
        int start = Math.Max(SelectedIndex, -1);
        for (int step = 1; step <= _rows.Count; step++)
        {
            int row = (start + step) % _rows.Count;
            if (!Contains(_rows[row], text)) continue;
            Select(row);
            return true;
        }
        return false;
    }

    /// <summary>What the table does not show of the selected row, for the line under the table: "NAME text" for each cell
    /// cut to its column, then for each column that gave way (a cell is never the only place its text is).</summary>
    public string SelectedText()
    {
        if (Selected is not { } row) return "";
        var cut = new List<string>();
        var hidden = new List<string>();
        for (int i = 0; i < _columns.Count && i < _widths.Length; i++)
        {
            if (!_columns[i].InDetail) continue;
            string text = _columns[i].Text(row);
            if (text.Length == 0) continue;
            if (_widths[i] == 0) hidden.Add(_columns[i].Name + " " + text);
            else if (text.Length > _widths[i]) cut.Add(_columns[i].Name + " " + text);
        }
        cut.AddRange(hidden);
        return string.Join("  ", cut);
    }

    private void OnKeyDown(object? sender, Key key)
    {
        // The table keeps the focus: Up on the first row does not wander into the tab strip, Home and End go to the first
        // and last rows (TableView takes them to the row's first and last cell, which a full-row table does not have).
        if (key == Key.CursorUp && SelectedIndex <= 0) key.Handled = true;
        else if (key == Key.Home && _rows.Count > 0) { Select(0); key.Handled = true; }
        else if (key == Key.End && _rows.Count > 0) { Select(_rows.Count - 1); key.Handled = true; }
    }

    string[] ITableSource.ColumnNames => _names;
    int ITableSource.Columns => _names.Length;
    int ITableSource.Rows => _rows.Count;
    object ITableSource.this[int row, int col] => _columns[col].Text(_rows[row]);
}
