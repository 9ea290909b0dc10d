using System.Globalization;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L8: RequiredRSASize above the size of an RSA key the admin logs in with.</summary>
public sealed class RsaSizeGuard : IPlanGuard
{
    public string Id => "L8";
    public IReadOnlyList<string> Keywords { get; } = ["RequiredRSASize"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!int.TryParse(c.Value("RequiredRSASize"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int required)) yield break;
        if (SystemUsers.Find(c.Root, c.AdminUser) is not { } user) yield break;
        var small = c.KeysOf(user).Where(k => k.RsaBits is { } bits && bits < required).ToList();
        if (small.Count == 0) yield break;
        yield return new GuardFinding(Id, GuardSeverity.Block,
            $"RequiredRSASize {required} would refuse {user.Name}'s smaller RSA keys.",
            small.Select(k => $"{k.File}:{k.LineNumber} RSA {k.RsaBits} bits").ToList());
    }
}
