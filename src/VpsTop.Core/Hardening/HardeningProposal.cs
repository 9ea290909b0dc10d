using VpsTop.Core.Hardening.Plan;

namespace VpsTop.Core.Hardening;

/// <summary>A plan with the files it was made from (the diff's "before") and, for a port change, what to tell the
/// admin about its two steps (null: nothing special).</summary>
public sealed record HardeningProposal(SshdConfigTree Tree, HardeningPlan Plan, string? PortNote)
{
    /// <summary>The unified diff of every file the plan writes, by path, split into lines (a file's last line is
    /// followed by an empty one).</summary>
    public IEnumerable<string> DiffLines() =>
        Plan.Placement.Documents.OrderBy(d => d.Key, StringComparer.Ordinal)
            .SelectMany(d => UnifiedDiff.Between(d.Key, Tree.Document(d.Key)?.ToString(), d.Value.ToString()).ToText().Split('\n'));
}
