namespace VpsTop.Core.Hardening;

/// <summary>How sshd combines several lines of one keyword (servconf.c, OpenSSH 9.2).</summary>
public enum SshdKeywordRule
{
    /// <summary>"For each keyword, the first obtained value will be used"; later lines are silently ignored.
    /// Multi-argument keywords (AuthorizedKeysFile, AuthenticationMethods, SetEnv, PermitOpen …) take all the
    /// arguments of their first line.</summary>
    FirstWins,
    /// <summary>Every line adds (Port, ListenAddress, HostKey, AcceptEnv, AllowUsers …).</summary>
    Accumulate,
    /// <summary>Every active line overwrites (MaxStartups, IPQoS, FingerprintHash …): a servconf.c quirk.</summary>
    LastWins,
    /// <summary>Accumulates, but the same name twice is fatal (Subsystem).</summary>
    UniqueByName,
    /// <summary>Match and Include: structure, not a value.</summary>
    Structure,
    /// <summary>Accepted and ignored (deprecated, SSH-1 era, unsupported in this build): no effect.</summary>
    NoEffect,
}
