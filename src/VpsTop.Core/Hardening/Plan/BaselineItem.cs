namespace VpsTop.Core.Hardening.Plan;

/// <summary>One recommended sshd setting. <see cref="Value"/> null = proposes nothing until the user gives a value
/// (Port). <see cref="PairedWith"/>: keywords that must be chosen together (passwords off needs both paths off, L2).</summary>
public sealed record BaselineItem(
    string Keyword,
    string? Value,
    string Why,
    string Source,
    BaselineRisk Risk,
    bool Preselected,
    IReadOnlyList<string>? PairedWith = null)
{
    public BaselineItem WithValue(string value) => this with { Value = value };
}
