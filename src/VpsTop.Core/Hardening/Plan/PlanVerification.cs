namespace VpsTop.Core.Hardening.Plan;

/// <summary>The real sshd's verdict on the staged plan: sshd -t result and the intended values that did not take effect
/// for the admin's connection. <see cref="Loads"/> false = sshd -t refused the files (<see cref="Errors"/>).</summary>
public sealed record PlanVerification(bool Loads, IReadOnlyList<string> Errors, IReadOnlyList<VerificationMiss> Misses)
{
    public bool Confirmed => Loads && Misses.Count == 0;
}
