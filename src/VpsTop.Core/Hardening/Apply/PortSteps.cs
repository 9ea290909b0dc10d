namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// A port change in two confirmed steps (research L11–L13): first sshd listens on the old and the new ports, and the
/// admin proves a login on the new one from a new session; only the next apply removes the old ones. A firewall,
/// a provider's security group or socket activation can make the new port unreachable, and this way that costs a
/// rollback, not the server.
/// </summary>
public static class PortSteps
{
    /// <summary>The Port values to write in this apply, and what to tell the admin (null: nothing special).</summary>
    public static (IReadOnlyList<string> Ports, string? Note) Next(IReadOnlyCollection<string> current, IReadOnlyList<string> wanted)
    {
        var want = wanted.Distinct(StringComparer.Ordinal).ToList();
        var removed = current.Where(p => !want.Contains(p)).ToList();
        var added = want.Where(p => !current.Contains(p)).ToList();
        if (removed.Count == 0) return (want, added.Count > 0 ? $"sshd will also listen on {string.Join(", ", added)}" : null);
        if (added.Count == 0)
            return (want,
                $"step 2 of 2: sshd stops listening on {string.Join(", ", removed)}; confirm from a new session on "
                    + $"{string.Join(", ", want)}");
        var both = current.Concat(added).Distinct(StringComparer.Ordinal).ToList();
        return (both,
            $"step 1 of 2: sshd listens on {string.Join(", ", both)} for now. Log in on {string.Join(", ", added)} from a new session and "
                +
            $"confirm there; then apply the same again to stop listening on {string.Join(", ", removed)}");
    }

    /// <summary>Rewrites a Port setting in <paramref name="settings"/> into this apply's step.</summary>
    public static (List<KeyValuePair<string, IReadOnlyList<string>>> Settings, string? Note) Apply(
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings, IReadOnlyCollection<string>? currentPorts)
    {
        var result = new List<KeyValuePair<string, IReadOnlyList<string>>>(settings.Count);
        string? note = null;
        foreach (var (keyword, args) in settings)
        {
            if (currentPorts is not null && keyword.Equals("Port", StringComparison.OrdinalIgnoreCase))
            {
                var (ports, why) = Next(currentPorts, args);
                result.Add(new(keyword, ports));
                note = why;
            }
            else result.Add(new(keyword, args));
        }
        return (result, note);
    }
}
