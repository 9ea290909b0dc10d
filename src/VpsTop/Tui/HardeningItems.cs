namespace VpsTop.Tui;

/// <summary>The settings the Hardening pane proposes: the seed's six first (preselected where safe), then the rest of
/// the research baseline (research/hardening.md §4). Port proposes nothing until given a value: a port change is
/// its own two-step operation.</summary>
public static class HardeningItems
{
    public static IReadOnlyList<HardeningItem> For(Version? sshd) =>
    [
        new("PermitRootLogin", "prohibit-password", "root logs in with a key only; 'no' when another sudo user has a working key", "HIGH", true),
        new("PasswordAuthentication", "no", "passwords are what brute force guesses; keys cannot be guessed", "HIGH", true),
        new("KbdInteractiveAuthentication", "no", "with PAM, keyboard-interactive asks for the same password: off together with it", "HIGH", true),
        new("MaxAuthTries", "3", "fewer guesses per connection (an agent with many keys may need IdentitiesOnly)", "MED", true),
        new("ClientAliveInterval", "300", "probe an idle client every 5 minutes through the encrypted channel", "low", true),
        new("ClientAliveCountMax", "2", "drop a client that missed two probes (10 minutes), not one that is merely idle", "low", true),
        new("Port", "", "a port other than 22 only cuts log noise; change it in two confirmed steps", "HIGH", false),
        new("PermitEmptyPasswords", "no", "an account without a password must never log in", "none", false),
        new("X11Forwarding", "no", "X11 forwarding exposes the client's display; Debian ships yes", "none", false),
        new("LoginGraceTime", "60", "free unauthenticated slots after a minute", "low", false),
        new("MaxStartups", "10:30:60", "start dropping unauthenticated connections early during a flood", "low", false),
        new("LogLevel", "VERBOSE", "log the key fingerprint of every login, for the audit trail", "none", false),
        new("AllowAgentForwarding", "no", "a compromised server can use a forwarded agent", "low", false),
        new("PermitUserEnvironment", "no", "users must not set LD_PRELOAD and friends for sshd", "none", false),
    ];
}
