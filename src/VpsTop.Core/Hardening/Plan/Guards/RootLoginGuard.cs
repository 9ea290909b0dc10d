namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L5: PermitRootLogin no when root is the admin and no sudo/wheel member has a key.</summary>
public sealed class RootLoginGuard : IPlanGuard
{
    public string Id => "L5";
    public IReadOnlyList<string> Keywords { get; } = ["PermitRootLogin"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!string.Equals(c.Value("PermitRootLogin"), "no", StringComparison.OrdinalIgnoreCase) || c.AdminUser != "root") yield break;
        var admins = SystemUsers.Members(c.Root, "sudo").Concat(SystemUsers.Members(c.Root, "wheel"))
            .Where(n => n != "root").Distinct(StringComparer.Ordinal);
        var keyed = new List<string>();
        foreach (string name in admins)
            if (SystemUsers.Find(c.Root, name) is { } u && c.KeysOf(u).Count > 0) keyed.Add(name);
        if (keyed.Count > 0) yield break;
        yield return new GuardFinding(Id, GuardSeverity.Block,
            "You are logged in as root and no member of sudo or wheel has a usable key: PermitRootLogin no would lock you out. Use "
                + "prohibit-password.",
            ["admin user root", "no sudo/wheel member with a key"]);
    }
}
