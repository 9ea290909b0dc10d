namespace VpsTop.Core.Hardening.Plan;

/// <summary>One guard's verdict; <see cref="Id"/> is the research trap id (L1…, Port), <see cref="Evidence"/> the facts it saw.</summary>
public sealed record GuardFinding(string Id, GuardSeverity Severity, string Text, IReadOnlyList<string> Evidence);
