namespace VpsTop.Core.Hardening.Plan;

/// <summary>One setting of the plan: what sshd uses now (and which line gives it; null = compiled-in default),
/// what the plan proposes, and which guards judge it. <see cref="AlreadySet"/> items are not written.</summary>
public sealed record PlannedItem(
    string Keyword,
    string? Current,
    string? CurrentWhere,
    string Proposed,
    BaselineRisk Risk,
    IReadOnlyList<string> GuardIds,
    bool AlreadySet);
