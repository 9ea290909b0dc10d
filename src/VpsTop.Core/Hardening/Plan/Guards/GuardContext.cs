using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>
/// What a guard sees: the effective configuration after the plan (our model for the admin's connection, with
/// sshd's compiled-in defaults for unset keywords), the values the plan writes, the admin and the system root.
/// </summary>
public sealed class GuardContext(SystemRoot root, AdminSession admin, EffectiveConfig planned, IReadOnlyDictionary<string,
    IReadOnlyList<string>> intended,
    EffectiveConfig? current = null)
{
    // Upstream defaults (sshd_config(5), OpenSSH 9.x) for the keywords the guards read.
    private static readonly Dictionary<string, string[]> Defaults = new(StringComparer.Ordinal)
    {
        ["passwordauthentication"] = ["yes"],
        ["kbdinteractiveauthentication"] = ["yes"],
        ["usepam"] = ["no"],
        ["strictmodes"] = ["yes"],
        ["maxauthtries"] = ["6"],
        ["permitrootlogin"] = ["prohibit-password"],
        ["authorizedkeysfile"] = [".ssh/authorized_keys", ".ssh/authorized_keys2"],
        ["port"] = ["22"],
        ["requiredrsasize"] = ["1024"],
    };

    public SystemRoot Root { get; } = root;

    /// <summary>The configuration as it is now (null when not known): what sshd already listens on is not "new".</summary>
    public EffectiveConfig? Current { get; } = current;
    public AdminSession Admin { get; } = admin;

    /// <summary>The user whose login must survive; root when nothing better is known (the wizard runs as root).</summary>
    public string AdminUser => Admin.LoginUser ?? "root";

    /// <summary>Canonical keyword → values the plan writes.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Intended { get; } = intended;

    public IReadOnlyList<string> Values(string keyword)
    {
        string slot = SshdKeywords.CanonicalOf(keyword);
        if (planned.Get(slot) is { Values.Count: > 0 } s) return s.Values;
        return Defaults.GetValueOrDefault(slot) ?? [];
    }

    public string? Value(string keyword) => Values(keyword).FirstOrDefault();

    public bool IsYes(string keyword) => string.Equals(Value(keyword), "yes", StringComparison.OrdinalIgnoreCase);

    public bool Writes(string keyword) => Intended.ContainsKey(SshdKeywords.CanonicalOf(keyword));

    /// <summary>Does the plan turn a password path off? Key trouble only locks someone out then. AuthenticationMethods
    /// without password or keyboard-interactive counts too: it overrides PasswordAuthentication yes (L9).</summary>
    public bool DisablesPasswords =>
        (Writes("PasswordAuthentication") && !IsYes("PasswordAuthentication"))
        || (Writes("KbdInteractiveAuthentication") && !IsYes("KbdInteractiveAuthentication"))
        || (Writes("AuthenticationMethods") && !Values("AuthenticationMethods").Any(AllowsPassword));

    private static bool AllowsPassword(string list) =>
        list.Equals("any", StringComparison.OrdinalIgnoreCase)
        || list.Split(',').Any(m => m.StartsWith("password", StringComparison.OrdinalIgnoreCase) || m.StartsWith("keyboard-interactive",
            StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<AuthorizedKey> KeysOf(SystemUser user) => AuthorizedKeys.Read(Root, user, Values("AuthorizedKeysFile"));
}
