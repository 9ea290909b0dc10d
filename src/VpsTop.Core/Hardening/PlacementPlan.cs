namespace VpsTop.Core.Hardening;

/// <summary>The new content of every file the plan changes or creates (path → document; the original is
/// <c>Tree.Document(path)</c>, null for a new file), and one decision per setting.</summary>
public sealed record PlacementPlan(SshdConfigTree Tree, IReadOnlyDictionary<string, SshdConfigDocument> Documents,
    IReadOnlyList<PlacementDecision> Decisions)
{
    /// <summary>The tree as it will be read after applying the plan (for our model; sshd -T on a staged copy is the proof).</summary>
    public SshdConfigTree Result() => Tree.With(Documents);

    public bool IsNewFile(string path) => Tree.Document(path) is null;
}
