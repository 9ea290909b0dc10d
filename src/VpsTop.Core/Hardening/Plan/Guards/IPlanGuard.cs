namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>A check of the planned configuration against one lockout trap.</summary>
public interface IPlanGuard
{
    string Id { get; }

    /// <summary>Keywords whose planned values this guard looks at (so a plan item can name the guards that judge it).</summary>
    IReadOnlyList<string> Keywords { get; }

    IEnumerable<GuardFinding> Check(GuardContext context);
}
