using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening;

/// <summary>A user's groups as sshd's Match Group sees them (getpwnam + getgrouplist): the primary group from
/// /etc/passwd and every /etc/group entry listing the user, read through a <see cref="SystemRoot"/>.</summary>
public static class UserGroups
{
    public static IReadOnlyList<string> Of(SystemRoot root, string user)
    {
        var groups = new List<string>();
        string? gid = null;
        try
        {
            foreach (string line in File.ReadLines(root.Path("/etc/passwd")))
            {
                string[] f = line.Split(':');
                if (f.Length > 3 && f[0] == user) { gid = f[3]; break; }
            }
            if (gid is null) return groups;
            foreach (string line in File.ReadLines(root.Path("/etc/group")))
            {
                string[] f = line.Split(':');
                if (f.Length < 4) continue;
                if ((f[2] == gid || f[3].Split(',').Contains(user)) && !groups.Contains(f[0])) groups.Add(f[0]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return groups;
    }
}
