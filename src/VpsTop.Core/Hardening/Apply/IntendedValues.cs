namespace VpsTop.Core.Hardening.Apply;

/// <summary>Compares what the plan meant to set with what the real `sshd -T` says it would use, in sshd's printed
/// forms (prohibit-password prints as without-password, times in seconds …).</summary>
public static class IntendedValues
{
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
            if (!same) missing.Add($"{keyword.Canonical}: wanted {string.Join(' ', wanted)}, sshd would use {(printed.Count == 0 ? "(nothing)" : string.Join(' ', printed))}");
        }
        return missing;
    }
}
