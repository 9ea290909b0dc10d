namespace VpsTop.Core.Hardening.Plan;

/// <summary>The recommended settings (research §4), filtered to what the installed sshd understands.</summary>
public static class Baseline
{
    // Algorithm lists: rows 23–25. sntrup761x25519-sha512@openssh.com appeared in OpenSSH 8.5; older daemons get the list without it.
    private const string KexModern = "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
        + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256";
    private const string KexClassic = "curve25519-sha256,curve25519-sha256@libssh.org,"
        + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256";
    private const string Ciphers =
        "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr";
    private const string Macs = "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com";

    private static readonly Version SntrupSince = new(8, 5);

    public static IReadOnlyList<BaselineItem> For(Version? sshdVersion)
    {
        var items = new List<BaselineItem>
        {
            new("PermitRootLogin", "no",
                "Root is the first name every brute-force bot tries, and a shared root login leaves no audit trail.",
                    "CIS 5.1.20, Mozilla, dev-sec", BaselineRisk.High, true),
            new("PasswordAuthentication", "no", "Keys cannot be guessed or stuffed from leaked password lists.", "dev-sec, Mozilla",
                BaselineRisk.High, true, ["KbdInteractiveAuthentication"]),
            new("KbdInteractiveAuthentication", "no",
                "With UsePAM the keyboard-interactive path still accepts passwords when PasswordAuthentication is off.",
                    "Debian default, dev-sec, Mozilla", BaselineRisk.High, true, ["PasswordAuthentication"]),
            new("MaxAuthTries", "3", "Fewer attempts per connection slow down online guessing.", "CIS 5.1.16, lynis", BaselineRisk.Medium,
                true),
            new("ClientAliveInterval", "300", "Dead peers are noticed through the encrypted channel after five minutes.",
                "CIS 5.1.7, lynis, dev-sec", BaselineRisk.Low, true),
            new("ClientAliveCountMax", "2", "Two missed keepalives drop an unresponsive client, not an idle one.", "CIS 5.1.7, lynis",
                BaselineRisk.Low, true),
            new("PermitEmptyPasswords", "no", "An account without a password must never be reachable over the network.",
                "CIS 5.1.19, dev-sec", BaselineRisk.None, false),
            new("X11Forwarding", "no", "X11 forwarding exposes the client's display to the server.", "CIS 5.1.8, lynis, dev-sec",
                BaselineRisk.None, false),
            new("LoginGraceTime", "60", "Unauthenticated connections give their slot back after a minute.", "CIS 5.1.13, dev-sec",
                BaselineRisk.Low, false),
            new("MaxStartups", "10:30:60", "Limits how many unauthenticated connections can pile up.", "CIS 5.1.18, dev-sec",
                BaselineRisk.Low, false),
            new("LogLevel", "VERBOSE", "Logs the fingerprint of the key that logged in.", "CIS 5.1.14, Mozilla, lynis", BaselineRisk.None,
                false),
            new("AllowAgentForwarding", "no", "A compromised server cannot use the admin's forwarded agent.", "lynis, dev-sec",
                BaselineRisk.Low, false),
            new("PermitUserEnvironment", "no", "Users cannot inject variables such as LD_PRELOAD through ~/.ssh/environment.",
                "CIS 5.1.21, dev-sec", BaselineRisk.None, false),
        };
        bool sntrup = sshdVersion is null || sshdVersion >= SntrupSince;
        items.Add(new("KexAlgorithms", sntrup ? KexModern : KexClassic, "Drops NIST ECDH, SHA-1 and group14 key exchanges.",
            "ssh-audit, dev-sec, CIS 5.1.12", BaselineRisk.Medium, false));
        items.Add(new("Ciphers", Ciphers, "AEAD ciphers first, no CBC or arcfour.", "ssh-audit, Mozilla, dev-sec", BaselineRisk.Low,
            false));
        items.Add(new("MACs", Macs, "Encrypt-then-MAC only, no SHA-1.", "ssh-audit, CIS 5.1.15, dev-sec", BaselineRisk.Medium, false));
        items.Add(new("Port", null, "A port other than 22 only cuts log noise; it needs a free port and an open firewall.", "lynis",
            BaselineRisk.High, false));
        if (sshdVersion is not null) items.RemoveAll(i => !SshdVersionGate.Supports(i.Keyword, sshdVersion));
        return items;
    }
}
