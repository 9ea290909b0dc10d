namespace VpsTop.Core.Hardening;

public enum SshdLineKind
{
    /// <summary>Empty or whitespace only.</summary>
    Blank,
    /// <summary>Starts with '#' (after whitespace).</summary>
    Comment,
    /// <summary>A keyword with arguments; Match and Include are directives too.</summary>
    Directive,
    /// <summary>A keyword sshd rejects as written (no argument, unbalanced quotes): sshd -t fails on it.</summary>
    Invalid,
    /// <summary>sshd skips the line silently (a keyword with an unterminated double quote).</summary>
    Ignored,
}
