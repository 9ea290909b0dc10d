namespace VpsTop.Core.Hardening.Plan;

/// <summary>A value the plan writes that the real sshd -T on the staged tree does not report (Actual null: not printed).</summary>
public sealed record VerificationMiss(string Keyword, string Intended, string? Actual);
