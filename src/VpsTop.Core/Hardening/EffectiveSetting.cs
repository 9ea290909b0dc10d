namespace VpsTop.Core.Hardening;

/// <summary>The value sshd uses for one slot (<see cref="Keyword"/> = canonical lower-case name): arguments as
/// written (each accumulated argument one entry; Subsystem entries "name command args"), the lines that gave
/// them, and whether a Match block supplied them.</summary>
public sealed record EffectiveSetting(string Keyword, IReadOnlyList<string> Values, IReadOnlyList<SshdDirective> Sources, bool FromMatch);
