using System.Globalization;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L4: an agent offering several keys uses up a low MaxAuthTries before the right key is tried.</summary>
public sealed class MaxAuthTriesGuard : IPlanGuard
{
    public string Id => "L4";
    public IReadOnlyList<string> Keywords { get; } = ["MaxAuthTries"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!int.TryParse(c.Value("MaxAuthTries"), NumberStyles.Integer, CultureInfo.InvariantCulture,
            out int tries) || tries >= 3) yield break;
        yield return new GuardFinding(Id, GuardSeverity.Warn,
            $"MaxAuthTries {tries}: an ssh agent with several keys can fail before it offers the right one (use IdentitiesOnly yes on the "
                + $"client).",
            [$"maxauthtries {tries}"]);
    }
}
