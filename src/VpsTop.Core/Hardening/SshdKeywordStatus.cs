namespace VpsTop.Core.Hardening;

public enum SshdKeywordStatus
{
    Current,
    /// <summary>Another name for <see cref="SshdKeyword.Canonical"/>'s slot (sshd -T prints the canonical name).</summary>
    Alias,
    /// <summary>sshd -t warns "Deprecated option X" and ignores it.</summary>
    Deprecated,
    /// <summary>Silently ignored (Protocol).</summary>
    Ignored,
    /// <summary>"Unsupported option X" in this build (Debian 12: KerberosGetAFSToken, KerberosTgtPassing …).</summary>
    Unsupported,
}
