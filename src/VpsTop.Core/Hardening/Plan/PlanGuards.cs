using VpsTop.Core.Hardening.Plan.Guards;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>The guards every plan runs through, in report order.</summary>
public static class PlanGuards
{
    public static IReadOnlyList<IPlanGuard> All { get; } =
    [
        new NoKeyGuard(), new KbdInteractiveGuard(), new StrictModesGuard(), new MaxAuthTriesGuard(),
        new RootLoginGuard(), new AccessListGuard(), new RsaSizeGuard(), new PortGuard(), new FirewallGuard(),
    ];
}
