namespace VpsTop.Core.Hardening.Apply;

/// <summary>Compares what the plan meant to set with what the real `sshd -T` says it would use, in sshd's printed
/// forms (prohibit-password prints as without-password, times in seconds …).</summary>
public static class IntendedValues
{
    /// <summary>Whether <paramref name="current"/> (as sshd -T prints it) already is <paramref name="proposed"/> (as written in
    /// sshd_config): prohibit-password prints as without-password, 1m as 60 …</summary>
    public static bool IsInEffect(string keyword, string proposed, string? current)
    {
        if (current is null || proposed.Length == 0) return false;
        var kw = SshdKeywords.Find(keyword);
        var wanted = kw is null ? null : SshdPrintedForm.Of(kw, new EffectiveSetting(kw.Canonical, proposed.Split(' ',
            StringSplitOptions.RemoveEmptyEntries), [], false));
        return string.Equals(wanted is null ? proposed : string.Join(' ', wanted), current, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Settings other than the intended ones whose value sshd -T prints differently after the change.</summary>
    public static IReadOnlyList<string> SideEffects(SshdT before, SshdT after, IReadOnlyList<KeyValuePair<string,
        IReadOnlyList<string>>> intended)
    {
        var touched = intended.Select(i => SshdKeywords.CanonicalOf(i.Key)).ToHashSet(StringComparer.Ordinal);
        // sshd -T prints the listen addresses it derives from Port and AddressFamily: they move with them.
        if (touched.Contains("port") || touched.Contains("addressfamily")) touched.Add("listenaddress");
        var changed = new List<string>();
        foreach (string key in before.Values.Keys.Union(after.Values.Keys).Order(StringComparer.Ordinal))
        {
            if (touched.Contains(key)) continue;
            var b = before.Get(key) ?? [];
            var a = after.Get(key) ?? [];
            if (!b.SequenceEqual(a, StringComparer.Ordinal)) changed.Add($"{key}: {string.Join(' ', b)} → {string.Join(' ', a)}");
        }
        return changed;
    }

    /// <summary>"keyword: wanted X, sshd would use Y" for every intended value that did not take effect.</summary>
    public static IReadOnlyList<string> Missing(SshdT sshd, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> intended)
    {
        var missing = new List<string>();
        foreach (var (name, args) in intended)
        {
            var keyword = SshdKeywords.Find(name);
            if (keyword is null) continue;
            var wanted = SshdPrintedForm.Of(keyword, new EffectiveSetting(keyword.Canonical, args, [], false));
            if (wanted is null) continue;
            var printed = sshd.Get(keyword.Canonical) ?? [];
            bool same = keyword.OneValuePerLine
                ? wanted.All(w => printed.Contains(w, StringComparer.OrdinalIgnoreCase))
                : wanted.SequenceEqual(printed, StringComparer.OrdinalIgnoreCase);
            if (!same)
                missing.Add($"{keyword.Canonical}: wanted {string.Join(' ', wanted)}, sshd would use "
                    + $"{(printed.Count == 0 ? "(nothing)" : string.Join(' ', printed))}");
        }
        return missing;
    }
}
