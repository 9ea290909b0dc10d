using VpsTop.Core.Suspicion;
using VpsTop.Core.Traffic;

namespace VpsTop.Tui;

/// <summary>How loudly a row is shown: hints (Low reasons only) are words in the NOTE column, not alarms.</summary>
public enum VerdictLevel { None, Hint, Suspicious, Serious }

/// <summary>A row's suspicion ready for the screen: the level, a short note for the row, and every reason with its
/// evidence for the origin dialog. Built from the reasons the collector put in the snapshot.</summary>
public sealed record ProcessVerdict(VerdictLevel Level, string Note, IReadOnlyList<string> Reasons)
{
    public static ProcessVerdict None { get; } = new(VerdictLevel.None, "", []);

    /// <summary>Marked with "!" and coloured: at least one Medium or High reason.</summary>
    public bool Suspicious => Level >= VerdictLevel.Suspicious;
    public bool Serious => Level == VerdictLevel.Serious;

    public static ProcessVerdict Of(BandwidthRow row) => Of(row.Reasons);

    public static ProcessVerdict Of(IReadOnlyList<SuspicionReason> reasons)
    {
        if (reasons.Count == 0) return None;
        var top = SuspicionSeverity.Low;
        foreach (var r in reasons) if (r.Severity > top) top = r.Severity;
        var level = top switch
        {
            SuspicionSeverity.High => VerdictLevel.Serious,
            SuspicionSeverity.Medium => VerdictLevel.Suspicious,
            _ => VerdictLevel.Hint
        };
        var note = new List<string>();
        var lines = new List<string>(reasons.Count);
        foreach (var r in reasons)
        {
            // The note names what matters at the row's level; a hint is only noted when there is nothing worse.
            if (r.Severity == top) note.Add(r.Text);
            lines.Add($"{r.Severity}: {r.Text} — {r.Evidence}");
        }
        return new ProcessVerdict(level, string.Join("; ", note), lines);
    }
}
