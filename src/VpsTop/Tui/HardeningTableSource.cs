using Terminal.Gui.Views;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>One row of the Hardening table: the item, whether it is chosen, the value the user wants, what is in
/// effect now and where that comes from.</summary>
public sealed record HardeningRow(HardeningItem Item, bool Selected, string Proposed, string? Current, string? Source)
{
    /// <summary>Already what is proposed, compared in sshd's printed forms.</summary>
    public bool InEffect => Core.Hardening.Apply.IntendedValues.IsInEffect(Item.Keyword, Proposed, Current);

    /// <summary>Chosen, with a value, and not in effect yet: applying would change it.</summary>
    public bool WouldChange => Selected && !InEffect && Proposed.Length > 0;
}

/// <summary>The Hardening table: [x] KEYWORD IN EFFECT PROPOSED RISK WHY; sanitized (config text can be anything).</summary>
public sealed class HardeningTableSource : ITableSource
{
    public static readonly string[] Names = ["", "KEYWORD", "IN EFFECT", "PROPOSED", "RISK", "WHY"];
    private string[][] _cells = [];

    public IReadOnlyList<HardeningRow> Items { get; private set; } = [];
    public string[] ColumnNames => Names;
    public int Columns => Names.Length;
    public int Rows => _cells.Length;
    public object this[int row, int col] => _cells[row][col];

    public bool Set(IReadOnlyList<HardeningRow> rows)
    {
        var cells = rows.Select(Cells).ToArray();
        bool changed = cells.Length != _cells.Length || cells.Where((c, i) => !c.AsSpan().SequenceEqual(_cells[i])).Any();
        Items = rows;
        _cells = cells;
        return changed;
    }

    public static string[] Cells(HardeningRow r) =>
    [
        r.InEffect ? " = " : r.Selected ? "[x]" : "[ ]",
        r.Item.Keyword,
        SafeText.Sanitize(r.Current ?? "(default)", 40),
        SafeText.Sanitize(r.Proposed.Length == 0 ? "(unchanged)" : r.Proposed, 60),
        r.Item.Risk,
        SafeText.Sanitize(r.Item.Why, 200),
    ];
}
