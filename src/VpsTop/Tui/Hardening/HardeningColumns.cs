using VpsTop.Core.Text;
using VpsTop.Tui.Table;

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

/// <summary>The Hardening table: [x] KEYWORD IN EFFECT PROPOSED RISK WHY, sanitized (config text can be anything). WHY
/// takes the room left over: it is the sentence that says what a setting is for.</summary>
public static class HardeningColumns
{
    public static IReadOnlyList<TableColumn<HardeningRow>> Create() =>
    [
        TableColumn<HardeningRow>.Fixed("", 3, r => r.InEffect ? " = " : r.Selected ? "[x]" : "[ ]"),
        TableColumn<HardeningRow>.Fixed("KEYWORD", 28, r => r.Item.Keyword),
        TableColumn<HardeningRow>.Flex("IN EFFECT", 8, 30, 2, r => SafeText.Sanitize(r.Current ?? "(default)", 80)),
        TableColumn<HardeningRow>.Flex("PROPOSED", 8, 30, 2, r => SafeText.Sanitize(r.Proposed.Length == 0 ? "(unchanged)" : r.Proposed,
            80)),
        TableColumn<HardeningRow>.Fixed("RISK", 6, r => r.Item.Risk),
        TableColumn<HardeningRow>.Flex("WHY", 10, 400, 1, r => SafeText.Sanitize(r.Item.Why, 400)),
    ];
}
