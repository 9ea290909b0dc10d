namespace VpsTop.Core.Hardening;

/// <summary>One Include argument: as written, the absolute pattern sshd globs (relative → under /etc/ssh), and
/// the files it read in order (empty: sshd silently ignores a glob or file that matches nothing).</summary>
public sealed record SshdInclude(SshdDirective Directive, string Pattern, string Resolved, IReadOnlyList<string> Files);
