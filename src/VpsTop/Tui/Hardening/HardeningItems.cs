using VpsTop.Core.Hardening.Plan;

namespace VpsTop.Tui;

/// <summary>One proposed setting as the Hardening pane lists it; <see cref="Risk"/> is the word its RISK column shows.</summary>
public sealed record HardeningItem(string Keyword, string Proposed, string Why, string Risk, bool Preselected);

/// <summary>The settings the Hardening pane proposes: the research baseline for the installed sshd, the seed's six
/// first and preselected. Port proposes nothing until given a value: a port change is its own two-step operation.</summary>
public static class HardeningItems
{
    public static IReadOnlyList<HardeningItem> For(Version? sshd) =>
        Baseline.For(sshd).Select(b => new HardeningItem(b.Keyword, b.Value ?? "", b.Why, Risk(b.Risk), b.Preselected)).ToList();

    private static string Risk(BaselineRisk risk) => risk switch
    {
        BaselineRisk.High => "HIGH",
        BaselineRisk.Medium => "MED",
        BaselineRisk.Low => "low",
        _ => "none",
    };
}
