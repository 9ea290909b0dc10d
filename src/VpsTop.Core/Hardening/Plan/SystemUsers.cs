using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>One /etc/passwd entry.</summary>
public sealed record SystemUser(string Name, string Uid, string Gid, string Home);

/// <summary>/etc/passwd and /etc/group read through a <see cref="SystemRoot"/>; malformed lines are skipped.</summary>
public static class SystemUsers
{
    public static IReadOnlyList<SystemUser> Load(SystemRoot root)
    {
        var users = new List<SystemUser>();
        foreach (string line in Lines(root, "/etc/passwd"))
        {
            string[] f = line.Split(':');
            if (f.Length >= 7 && f[0].Length > 0) users.Add(new SystemUser(f[0], f[2], f[3], f[5]));
        }
        return users;
    }

    public static SystemUser? Find(SystemRoot root, string name) => Load(root).FirstOrDefault(u => u.Name == name);

    /// <summary>Members of a group: listed members plus users whose primary gid it is.</summary>
    public static IReadOnlyList<string> Members(SystemRoot root, string group)
    {
        var members = new List<string>();
        foreach (string line in Lines(root, "/etc/group"))
        {
            string[] f = line.Split(':');
            if (f.Length < 4 || f[0] != group) continue;
            members.AddRange(f[3].Split(',', StringSplitOptions.RemoveEmptyEntries));
            members.AddRange(Load(root).Where(u => u.Gid == f[2]).Select(u => u.Name));
        }
        return members.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Lines(SystemRoot root, string path)
    {
        try { return File.ReadAllLines(root.Path(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
