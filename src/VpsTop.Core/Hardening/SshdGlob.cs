namespace VpsTop.Core.Hardening;

/// <summary>
/// glob(3) as sshd calls it for Include (flags 0): '*', '?' and '[…]' in any path component, a leading '.'
/// only matched literally, results sorted by byte order of the whole path (sshd does not set a locale).
/// </summary>
internal static class SshdGlob
{
    public static bool HasMagic(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>Absolute system paths matching <paramref name="pattern"/>, enumerated through <paramref name="list"/>
    /// (directory → entry names) so a test root or staged candidate files can answer.</summary>
    public static List<string> Expand(string pattern, Func<string, IEnumerable<string>> list, Func<string, bool> exists)
    {
        var results = new List<string>();
        if (!HasMagic(pattern))
        {
            if (exists(pattern)) results.Add(pattern);
            return results;
        }
        string[] parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        for (int p = 0; p < parts.Length; p++)
        {
            var next = new List<string>();
            bool last = p == parts.Length - 1;
            foreach (string dir in current)
            {
                if (!HasMagic(parts[p]))
                {
                    string candidate = Join(dir, parts[p]);
                    if (last ? exists(candidate) : true) next.Add(candidate);
                    continue;
                }
                foreach (string name in list(dir))
                    if (Matches(name, parts[p])) next.Add(Join(dir, name));
            }
            current = next;
        }
        results.AddRange(current.Where(exists));
        results.Sort(StringComparer.Ordinal);
        return results;
    }

    /// <summary>Would <paramref name="pattern"/> match the absolute <paramref name="path"/> (for a file that does not exist yet)?</summary>
    public static bool PathMatches(string path, string pattern)
    {
        string[] a = path.Split('/', StringSplitOptions.RemoveEmptyEntries), b = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (HasMagic(b[i]) ? !Matches(a[i], b[i]) : a[i] != b[i]) return false;
        return true;
    }

    private static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;

    /// <summary>fnmatch without FNM_PERIOD exceptions beyond glob's: a leading '.' needs a literal '.'.</summary>
    public static bool Matches(string name, string pattern)
    {
        if (name.Length > 0 && name[0] == '.' && (pattern.Length == 0 || pattern[0] != '.')) return false;
        return Match(name, 0, pattern, 0);
    }

    private static bool Match(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '*')
            {
                for (int k = si; k <= s.Length; k++)
                    if (Match(s, k, p, pi + 1)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?') { si++; pi++; continue; }
            if (c == '[')
            {
                int close = p.IndexOf(']', pi + 2);
                if (close > 0)
                {
                    string set = p[(pi + 1)..close];
                    bool negate = set.Length > 0 && set[0] is '!' or '^';
                    if (negate) set = set[1..];
                    bool found = false;
                    for (int i = 0; i < set.Length; i++)
                    {
                        if (i + 2 < set.Length && set[i + 1] == '-') { found |= s[si] >= set[i] && s[si] <= set[i + 2]; i += 2; }
                        else found |= s[si] == set[i];
                    }
                    if (found == negate) return false;
                    si++; pi = close + 1;
                    continue;
                }
            }
            if (c == '\\' && pi + 1 < p.Length) { pi++; c = p[pi]; }
            if (s[si] != c) return false;
            si++; pi++;
        }
        return si == s.Length;
    }
}
