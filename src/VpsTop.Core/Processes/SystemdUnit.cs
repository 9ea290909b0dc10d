namespace VpsTop.Core.Processes;

/// <summary>
/// Which systemd unit a process belongs to, from /proc/PID/cgroup. Follows systemd's own rule
/// (cg_path_get_unit): skip the leading *.slice components; the first component that is a unit is it.
/// So ".../user@1000.service/app.slice/x.service" is user@1000.service, as `systemctl status PID` says.
/// </summary>
internal static class SystemdUnit
{
    private static readonly string[] UnitSuffixes = [".service", ".scope", ".socket", ".mount", ".swap", ".target"];

    /// <summary>The cgroup path VpsTop reports: the unified (v2) hierarchy, else the v1 name=systemd one.</summary>
    public static (string? Path, string? Unit) FromCgroupFile(string content)
    {
        string? v2 = null, v1 = null;
        foreach (string line in content.Split('\n'))
        {
            // hierarchy-ID:controller-list:path; the path may itself contain ':'.
            int a = line.IndexOf(':');
            if (a < 0) continue;
            int b = line.IndexOf(':', a + 1);
            if (b < 0) continue;
            string id = line[..a], controllers = line[(a + 1)..b], path = line[(b + 1)..];
            if (id == "0" && controllers.Length == 0) v2 ??= path;
            else if (controllers == "name=systemd") v1 ??= path;
        }
        string? unit = UnitOf(v2) ?? UnitOf(v1);
        return (v2 ?? v1, unit);
    }

    public static string? UnitOf(string? cgroupPath)
    {
        if (string.IsNullOrEmpty(cgroupPath)) return null;
        foreach (string part in cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.EndsWith(".slice", StringComparison.Ordinal)) continue;
            foreach (string suffix in UnitSuffixes)
                if (part.Length > suffix.Length && part.EndsWith(suffix, StringComparison.Ordinal))
                    return part;
            return null; // a non-unit directory below the slices (container runtimes): no unit
        }
        return null;
    }
}
