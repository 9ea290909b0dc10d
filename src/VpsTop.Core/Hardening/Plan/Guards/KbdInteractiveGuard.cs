namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L2: with UsePAM, keyboard-interactive still accepts passwords when PasswordAuthentication is off.</summary>
public sealed class KbdInteractiveGuard : IPlanGuard
{
    public string Id => "L2";
    public IReadOnlyList<string> Keywords { get; } = ["PasswordAuthentication", "KbdInteractiveAuthentication", "UsePAM"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (c.IsYes("PasswordAuthentication") || !c.IsYes("KbdInteractiveAuthentication") || !c.IsYes("UsePAM")) yield break;
        yield return new GuardFinding(Id, GuardSeverity.Warn,
            "PasswordAuthentication is off but KbdInteractiveAuthentication is on with UsePAM: passwords still work through PAM.",
            ["passwordauthentication no", "kbdinteractiveauthentication yes", "usepam yes"]);
    }
}
