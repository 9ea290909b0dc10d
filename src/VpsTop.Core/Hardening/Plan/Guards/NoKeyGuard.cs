namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L1 (and L9): turning passwords off, directly or through AuthenticationMethods, while the admin has no key sshd would
/// accept.</summary>
public sealed class NoKeyGuard : IPlanGuard
{
    public string Id => "L1";
    public IReadOnlyList<string> Keywords { get; } = ["PasswordAuthentication", "KbdInteractiveAuthentication", "AuthenticationMethods",
        "AuthorizedKeysFile"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!c.DisablesPasswords) yield break;
        var user = SystemUsers.Find(c.Root, c.AdminUser);
        if (user is null)
        {
            yield return new GuardFinding(Id, GuardSeverity.Block,
                $"The admin user {c.AdminUser} is not in /etc/passwd, so its keys cannot be checked.", []);
            yield break;
        }
        if (c.KeysOf(user).Count > 0) yield break;
        var looked = AuthorizedKeys.Paths(user, c.Values("AuthorizedKeysFile"));
        yield return new GuardFinding(Id, GuardSeverity.Block,
            $"Passwords would be turned off but {user.Name} has no usable key: install a key and log in with it first.",
            looked.Select(p => "no key in " + p).ToList());
    }
}
