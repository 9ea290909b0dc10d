using System.Globalization;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>
/// L12: a new Port that the host firewall drops. ufw is judged from its own files (enabled, default input policy,
/// the user rules' "### tuple ###" lines): a port it would drop blocks the change until it is allowed. firewalld
/// and an nftables input chain with policy drop are named as warnings (their rules are not read). A provider's
/// firewall cannot be seen from inside at all: the two confirmed steps of a port change are what cover it.
/// </summary>
public sealed class FirewallGuard : IPlanGuard
{
    public string Id => "L12";
    public IReadOnlyList<string> Keywords { get; } = ["Port"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!c.Intended.TryGetValue("port", out var ports)) yield break;
        var own = c.Current?.Get("port")?.Values ?? [];
        var added = ports.Where(p => !own.Contains(p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToList();
        if (added.Count == 0) yield break;

        if (UfwDrops(c, out var allowed) && added.Where(p => !allowed.Contains(p)).ToList() is { Count: > 0 } closed)
            yield return new GuardFinding(Id, GuardSeverity.Block,
                $"ufw is enabled and would drop tcp port {string.Join(", ", closed)}: allow it first (ufw allow {closed[0]}/tcp), or sshd "
                    + $"listens where nobody can reach it.",
                ["/etc/ufw/ufw.conf: ENABLED=yes", "ufw's default input policy drops; its user rules allow: " + (allowed.Count == 0
                    ? "(none)" : string.Join(", ", allowed))]);
        if (Directory.Exists(c.Root.Path("/etc/firewalld/zones")) || File.Exists(c.Root.Path("/etc/firewalld/firewalld.conf")))
            yield return new GuardFinding(Id, GuardSeverity.Warn,
                $"firewalld is installed: open tcp port {added[0]} in the active zone (firewall-cmd --permanent "
                    + $"--add-port={added[0]}/tcp; firewall-cmd --reload).",
                ["/etc/firewalld exists"]);
        if (ReadOrEmpty(c, "/etc/nftables.conf").Contains("policy drop", StringComparison.Ordinal))
            yield return new GuardFinding(Id, GuardSeverity.Warn,
                $"/etc/nftables.conf has a chain with policy drop: make sure it accepts tcp port {added[0]}.",
                ["/etc/nftables.conf: policy drop"]);
    }

    /// <summary>ufw enabled with a dropping default input policy; <paramref name="allowed"/>: the tcp ports its user rules allow.</summary>
    private static bool UfwDrops(GuardContext c, out HashSet<string> allowed)
    {
        allowed = new HashSet<string>(StringComparer.Ordinal);
        if (!ReadOrEmpty(c, "/etc/ufw/ufw.conf").Split('\n').Any(l => l.Trim() == "ENABLED=yes")) return false;
        string defaults = ReadOrEmpty(c, "/etc/default/ufw");
        if (defaults.Split('\n').Any(l => l.Trim() is "DEFAULT_INPUT_POLICY=\"ACCEPT\"" or "DEFAULT_INPUT_POLICY=ACCEPT")) return false;
        foreach (string file in new[] { "/etc/ufw/user.rules", "/etc/ufw/user6.rules" })
        {
            // "### tuple ### allow tcp 2222 0.0.0.0/0 any 0.0.0.0/0 in" — action, protocol, destination port first.
            foreach (string line in ReadOrEmpty(c, file).Split('\n'))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 6 || f[0] != "###" || f[1] != "tuple" || f[3] is not ("allow" or "limit")
                    || f[4] is not ("tcp" or "any")) continue;
                foreach (string port in f[5].Split(',')) allowed.Add(port);
            }
        }
        return true;
    }

    private static string ReadOrEmpty(GuardContext c, string path)
    {
        try { return File.ReadAllText(c.Root.Path(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
