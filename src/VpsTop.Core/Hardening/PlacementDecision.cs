namespace VpsTop.Core.Hardening;

/// <summary>Where one setting was written (<see cref="File"/>:<see cref="LineNumber"/> in the new document) and which
/// other global lines for the same keyword were commented out. <see cref="MatchOverrides"/>: Match blocks that still
/// set the keyword for some connections, at their lines in the planned documents (not touched; the pane must show them).</summary>
public sealed record PlacementDecision(
    string Keyword,
    IReadOnlyList<string> Args,
    PlacementKind Kind,
    string File,
    int LineNumber,
    IReadOnlyList<SshdDirective> CommentedOut,
    IReadOnlyList<SshdDirective> MatchOverrides);
