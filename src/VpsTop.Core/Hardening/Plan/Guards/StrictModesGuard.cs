using System.Globalization;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L3: StrictModes refuses keys when the home, ~/.ssh or the key file is group- or world-writable, or owned
/// by someone other than the user or root (auth2-pubkeyfile.c secure_filename).</summary>
public sealed class StrictModesGuard : IPlanGuard
{
    private const UnixFileMode Writable = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public string Id => "L3";
    public IReadOnlyList<string> Keywords { get; } = ["StrictModes", "PasswordAuthentication", "KbdInteractiveAuthentication"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!c.DisablesPasswords || !c.IsYes("StrictModes")) yield break;
        var user = SystemUsers.Find(c.Root, c.AdminUser);
        if (user is null) yield break;
        var bad = new List<string>();
        foreach (var key in c.KeysOf(user).Select(k => k.File).Distinct())
            foreach (string path in Chain(user.Home, key))
            {
                string real = c.Root.Path(path);
                if (ModeOf(real) is { } mode && (mode & Writable) != 0)
                    bad.Add($"{path} is {(mode & Writable).ToString().Replace(", ", " and ", StringComparison.Ordinal)}");
                if (Platform.FileOwnership.Of(real, followSymlinks: true)?.Uid is { } owner && owner != 0
                    && owner.ToString(CultureInfo.InvariantCulture) != user.Uid)
                    bad.Add($"{path} is owned by uid {owner}, not {user.Name} ({user.Uid}) or root");
            }
        if (bad.Count > 0)
            yield return new GuardFinding(Id, GuardSeverity.Block,
                $"StrictModes would refuse {user.Name}'s keys (unsafe ownership or modes): fix with chown and chmod go-w.",
                    bad.Distinct().ToList());
    }

    /// <summary>The home, each directory from the home down to the key file, and the file itself.</summary>
    private static IEnumerable<string> Chain(string home, string file)
    {
        string h = home.TrimEnd('/');
        yield return h.Length == 0 ? "/" : h;
        if (!file.StartsWith(h + "/", StringComparison.Ordinal)) { yield return file; yield break; }
        string[] parts = file[(h.Length + 1)..].Split('/');
        string at = h;
        foreach (string part in parts) yield return at = at + "/" + part;
    }

    private static UnixFileMode? ModeOf(string path)
    {
        try { return File.Exists(path) || Directory.Exists(path) ? File.GetUnixFileMode(path) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
