using System.Collections.Frozen;
using static VpsTop.Core.Hardening.SshdKeywordRule;
using static VpsTop.Core.Hardening.SshdValueForm;

namespace VpsTop.Core.Hardening;

/// <summary>
/// The keyword table of sshd (servconf.c keywords[] of OpenSSH 9.2p1 as Debian builds it: PAM, GSSAPI and
/// Kerberos on, AFS off), with the rule of each (read from its case in process_server_config_line_depth) and
/// version gates from later tags (9.5 Subsystem in Match; 9.8 PerSourcePenalties …; 10.0 SshdAuthPath).
/// </summary>
public static class SshdKeywords
{
    private static readonly Version V92 = new(9, 2);

    public static IReadOnlyList<SshdKeyword> All { get; } = Build();

    private static readonly FrozenDictionary<string, SshdKeyword> ByName =
        All.ToFrozenDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The keyword spelled any case, or null when sshd does not know it ("Bad configuration option").</summary>
    public static SshdKeyword? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The slot a keyword writes to (aliases share one: ChallengeResponseAuthentication →
    /// kbdinteractiveauthentication), or the lower-cased name when unknown.</summary>
    public static string CanonicalOf(string name) => Find(name)?.Canonical ?? name.ToLowerInvariant();

    /// <summary>The current spelling for a canonical slot ("passwordauthentication" → "PasswordAuthentication").</summary>
    public static string PreferredName(string name)
    {
        string canonical = CanonicalOf(name);
        return All.FirstOrDefault(k => k.Status == SshdKeywordStatus.Current && k.Canonical == canonical)?.Name ?? name;
    }

    private static List<SshdKeyword> Build()
    {
        var list = new List<SshdKeyword>();
        void K(string name, SshdKeywordRule rule, bool match, SshdValueForm form = Verbatim, Version? since = null,
            Version? matchSince = null) =>
            list.Add(new SshdKeyword(name, name.ToLowerInvariant(), rule, match, form, Since: since, AllowedInMatchSince: matchSince));
        void Alias(string name, string of, bool match)
        {
            SshdKeyword target = list.First(k => k.Name == of);
            list.Add(target with { Name = name, AllowedInMatch = match, Status = SshdKeywordStatus.Alias });
        }
        void Dead(string name, SshdKeywordStatus status, bool match = false, Version? removedIn = null) =>
            list.Add(new SshdKeyword(name, name.ToLowerInvariant(), NoEffect, match, Verbatim, status, RemovedIn: removedIn));

        K("Match", Structure, true);
        K("Include", Structure, true);
        K("UsePAM", FirstWins, false, Word);
        K("Port", Accumulate, false);
        K("HostKey", Accumulate, false);
        K("HostKeyAgent", FirstWins, false);
        K("PidFile", FirstWins, false);
        K("ModuliFile", FirstWins, false);
        K("LoginGraceTime", FirstWins, false, Seconds);
        K("PermitRootLogin", FirstWins, true, Word);
        K("SyslogFacility", FirstWins, false, Upper);
        K("LogLevel", FirstWins, true, Upper);
        K("LogVerbose", FirstWins, true);
        K("HostbasedAuthentication", FirstWins, true, Word);
        K("HostbasedUsesNameFromPacketOnly", FirstWins, true, Word);
        K("HostbasedAcceptedAlgorithms", FirstWins, true, Algorithms);
        K("HostKeyAlgorithms", FirstWins, false, Algorithms);
        K("PubkeyAuthentication", FirstWins, true, Word);
        K("PubkeyAcceptedAlgorithms", FirstWins, true, Algorithms);
        K("PubkeyAuthOptions", FirstWins, true);
        K("KerberosAuthentication", FirstWins, true, Word);
        K("KerberosOrLocalPasswd", FirstWins, false, Word);
        K("KerberosTicketCleanup", FirstWins, false, Word);
        K("GSSAPIAuthentication", FirstWins, true, Word);
        K("GSSAPICleanupCredentials", FirstWins, false, Word);
        K("GSSAPIStrictAcceptorCheck", FirstWins, false, Word);
        K("PasswordAuthentication", FirstWins, true, Word);
        K("KbdInteractiveAuthentication", FirstWins, true, Word);
        K("ListenAddress", Accumulate, false, Computed);
        K("AddressFamily", FirstWins, false, Word);
        K("PrintMotd", FirstWins, false, Word);
        K("PrintLastLog", FirstWins, false, Word);
        K("IgnoreRhosts", FirstWins, true, Word);
        K("IgnoreUserKnownHosts", FirstWins, false, Word);
        K("X11Forwarding", FirstWins, true, Word);
        K("X11DisplayOffset", FirstWins, true);
        K("X11UseLocalhost", FirstWins, true, Word);
        K("XAuthLocation", FirstWins, false);
        K("StrictModes", FirstWins, false, Word);
        K("PermitEmptyPasswords", FirstWins, true, Word);
        K("PermitUserEnvironment", FirstWins, false, Word);
        K("Compression", FirstWins, false, Word);
        K("RekeyLimit", FirstWins, true, Computed);
        K("TCPKeepAlive", FirstWins, false, Word);
        K("AllowTcpForwarding", FirstWins, true, Word);
        K("AllowAgentForwarding", FirstWins, true, Word);
        K("AllowUsers", Accumulate, true);
        K("DenyUsers", Accumulate, true);
        K("AllowGroups", Accumulate, true);
        K("DenyGroups", Accumulate, true);
        K("Ciphers", FirstWins, false, Algorithms);
        K("MACs", FirstWins, false, Algorithms);
        K("GatewayPorts", FirstWins, true, Word);
        K("Subsystem", UniqueByName, false, Verbatim, matchSince: new Version(9, 5));
        K("MaxStartups", LastWins, false, Computed);
        K("PerSourceMaxStartups", LastWins, false, Computed, since: new Version(8, 5));
        K("PerSourceNetBlockSize", LastWins, false, Computed, since: new Version(8, 5));
        K("MaxAuthTries", FirstWins, true);
        K("MaxSessions", FirstWins, true);
        K("Banner", FirstWins, true);
        K("UseDNS", FirstWins, false, Word);
        K("ClientAliveInterval", FirstWins, true, Seconds);
        K("ClientAliveCountMax", FirstWins, true);
        K("AuthorizedKeysFile", FirstWins, true);
        K("AcceptEnv", Accumulate, true);
        K("SetEnv", FirstWins, true);
        K("PermitTunnel", FirstWins, true, Word);
        K("PermitTTY", FirstWins, true, Word);
        K("PermitUserRC", FirstWins, true, Word);
        K("PermitOpen", FirstWins, true);
        K("PermitListen", FirstWins, true);
        K("ForceCommand", FirstWins, true);
        K("ChrootDirectory", FirstWins, true);
        K("HostCertificate", Accumulate, false);
        K("RevokedKeys", FirstWins, true);
        K("TrustedUserCAKeys", FirstWins, true);
        K("AuthorizedPrincipalsFile", FirstWins, true);
        K("KexAlgorithms", FirstWins, false, Algorithms);
        K("IPQoS", LastWins, true, Computed);
        K("AuthorizedKeysCommand", FirstWins, true);
        K("AuthorizedKeysCommandUser", FirstWins, true);
        K("AuthorizedPrincipalsCommand", FirstWins, true);
        K("AuthorizedPrincipalsCommandUser", FirstWins, true);
        K("VersionAddendum", FirstWins, false);
        K("AuthenticationMethods", FirstWins, true);
        K("StreamLocalBindMask", LastWins, true, Computed);
        K("StreamLocalBindUnlink", FirstWins, true, Word);
        K("AllowStreamLocalForwarding", FirstWins, true, Word);
        K("FingerprintHash", LastWins, false, Word);
        K("DisableForwarding", FirstWins, true, Word);
        K("ExposeAuthInfo", FirstWins, true, Word);
        K("RDomain", FirstWins, true);
        K("CASignatureAlgorithms", FirstWins, true, Algorithms);
        K("SecurityKeyProvider", FirstWins, false);
        K("RequiredRSASize", FirstWins, true, Verbatim, since: new Version(9, 1));
        K("ChannelTimeout", FirstWins, true, Verbatim, since: V92);
        K("UnusedConnectionTimeout", LastWins, true, Seconds, since: V92);
        K("PAMServiceName", FirstWins, true, Verbatim, since: new Version(9, 8));
        K("PerSourcePenalties", FirstWins, false, Computed, since: new Version(9, 8));
        K("PerSourcePenaltyExemptList", FirstWins, false, Verbatim, since: new Version(9, 8));
        K("SshdSessionPath", FirstWins, false, Verbatim, since: new Version(9, 8));
        K("RefuseConnection", FirstWins, true, Word, since: new Version(9, 9));
        K("SshdAuthPath", FirstWins, false, Verbatim, since: new Version(10, 0));

        Alias("HostDSAKey", "HostKey", false);
        Alias("HostbasedAcceptedKeyTypes", "HostbasedAcceptedAlgorithms", true);
        Alias("PubkeyAcceptedKeyTypes", "PubkeyAcceptedAlgorithms", true);
        Alias("DSAAuthentication", "PubkeyAuthentication", false);
        Alias("ChallengeResponseAuthentication", "KbdInteractiveAuthentication", true);
        Alias("SkeyAuthentication", "KbdInteractiveAuthentication", true);
        Alias("KeepAlive", "TCPKeepAlive", false);

        Dead("Protocol", SshdKeywordStatus.Ignored);
        foreach (string d in new[] { "PAMAuthenticationViaKbdInt", "ServerKeyBits", "KeyRegenerationInterval", "RhostsAuthentication",
                     "CheckMail", "UseLogin", "VerifyReverseMapping", "ReverseMappingCheck", "UsePrivilegeSeparation" })
            Dead(d, SshdKeywordStatus.Deprecated);
        foreach (string d in new[] { "RhostsRSAAuthentication", "RSAAuthentication", "AuthorizedKeysFile2" })
            Dead(d, SshdKeywordStatus.Deprecated, match: true);
        foreach (string d in new[] { "KerberosGetAFSToken", "KerberosTgtPassing", "AFSTokenPassing" })
            Dead(d, SshdKeywordStatus.Unsupported);
        return list;
    }
}
