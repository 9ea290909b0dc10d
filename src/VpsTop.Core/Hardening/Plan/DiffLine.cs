namespace VpsTop.Core.Hardening.Plan;

/// <summary>One line of a hunk, without its newline; <see cref="MissingNewline"/>: the file's last line has none.</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text, bool MissingNewline = false);
