namespace VpsTop.Core.Hardening.Plan;

/// <summary>Everything the wizard shows before applying. <see cref="Verification"/> is null without an sshd to ask.
/// <see cref="Errors"/>: --set entries that were refused (nothing of theirs is in the plan).</summary>
public sealed record HardeningPlan(
    IReadOnlyList<PlannedItem> Items,
    IReadOnlyList<GuardFinding> Findings,
    PlacementPlan Placement,
    PlanVerification? Verification,
    IReadOnlyList<string> Errors)
{
    public bool Blocked => Findings.Any(f => f.Severity == GuardSeverity.Block);
}
