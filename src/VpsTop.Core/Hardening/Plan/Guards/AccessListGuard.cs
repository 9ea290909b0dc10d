namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L6: AllowUsers/AllowGroups/DenyUsers/DenyGroups (accumulated over every file) that exclude the admin.</summary>
public sealed class AccessListGuard : IPlanGuard
{
    public string Id => "L6";
    public IReadOnlyList<string> Keywords { get; } = ["AllowUsers", "AllowGroups", "DenyUsers", "DenyGroups"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        string user = c.AdminUser;
        var groups = UserGroups.Of(c.Root, user);
        string? addr = c.Admin.ClientAddress;
        var evidence = new List<string>();
        var denyUsers = c.Values("DenyUsers").Where(p => UserMatches(p, user, addr)).ToList();
        evidence.AddRange(denyUsers.Select(p => "DenyUsers " + p));
        var denyGroups = c.Values("DenyGroups").Where(p => groups.Any(g => OpenSshPattern.Matches(g, p))).ToList();
        evidence.AddRange(denyGroups.Select(p => "DenyGroups " + p));
        var allowUsers = c.Values("AllowUsers");
        if (allowUsers.Count > 0 && !allowUsers.Any(p => UserMatches(p, user,
            addr))) evidence.Add($"AllowUsers {string.Join(' ', allowUsers)} does not list {user}");
        var allowGroups = c.Values("AllowGroups");
        if (allowGroups.Count > 0 && !groups.Any(g => allowGroups.Any(p => OpenSshPattern.Matches(g, p))))
            evidence.Add($"AllowGroups {string.Join(' ', allowGroups)} has none of {user}'s groups ({string.Join(',', groups)})");
        if (evidence.Count > 0)
            yield return new GuardFinding(Id, GuardSeverity.Block, $"sshd would refuse {user}: the access lists exclude the admin.",
                evidence);
    }

    /// <summary>"user" or "user@host" patterns; the host part is checked against the client address when known.</summary>
    private static bool UserMatches(string pattern, string user, string? address)
    {
        int at = pattern.IndexOf('@');
        if (at < 0) return OpenSshPattern.Matches(user, pattern);
        if (!OpenSshPattern.Matches(user, pattern[..at])) return false;
        string host = pattern[(at + 1)..];
        return address is null || OpenSshPattern.Matches(address, host) || OpenSshPattern.MatchAddressList(address, host) == 1;
    }
}
