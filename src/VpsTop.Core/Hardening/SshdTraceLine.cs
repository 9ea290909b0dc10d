namespace VpsTop.Core.Hardening;

/// <summary>One "debug3: FILE:LINE setting KEYWORD VALUE" of sshd -T -ddd: a line sshd read while it was active,
/// in the global pass or (<see cref="ConnectionPass"/>) while re-reading Match blocks for the -C connection.</summary>
public sealed record SshdTraceLine(string File, int Line, string Keyword, string Value, bool ConnectionPass)
{
    public string Where => $"{File}:{Line}";
}
