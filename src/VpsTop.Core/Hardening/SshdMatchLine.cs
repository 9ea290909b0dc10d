namespace VpsTop.Core.Hardening;

/// <summary>
/// Evaluates a Match line's criteria like servconf.c match_cfg_line: all criteria ANDed, "all" alone, User and
/// Group against the user (case-sensitive patterns), Host lower-cased, Address/LocalAddress as CIDR or wildcard
/// lists, LocalPort as a number. A criterion whose attribute the context lacks does not match (test mode).
/// </summary>
public static class SshdMatchLine
{
    /// <summary>Does the Match line apply? <paramref name="context"/> null is sshd's first (global) pass, where
    /// only "Match all" is active.</summary>
    public static bool Matches(SshdConfigLine matchLine, ConnectionContext? context)
    {
        List<string> words = Words(matchLine);
        bool result = true;
        int attributes = 0;
        for (int i = 0; i < words.Count; i++)
        {
            string attribute = words[i];
            if (attribute.StartsWith('#')) break;
            attributes++;
            if (attribute.Equals("all", StringComparison.OrdinalIgnoreCase))
                return attributes == 1 && (i + 1 >= words.Count || words[i + 1].StartsWith('#'));
            if (i + 1 >= words.Count || words[i + 1].StartsWith('#')) return false;
            string arg = words[++i];
            if (context is null) { result = false; continue; }
            bool ok = attribute.ToLowerInvariant() switch
            {
                "user" => context.User is not null && OpenSshPattern.MatchList(context.User, arg) == 1,
                "group" => context.User is not null && GroupsMatch(context.Groups ?? [], arg),
                "host" => context.Host is not null && OpenSshPattern.MatchList(context.Host.ToLowerInvariant(), arg,
                    lowerCasePatterns: true) == 1,
                "address" => context.Address is not null && OpenSshPattern.MatchAddressList(context.Address, arg) == 1,
                "localaddress" => context.LocalAddress is not null && OpenSshPattern.MatchAddressList(context.LocalAddress, arg) == 1,
                "localport" => context.LocalPort is int port && int.TryParse(arg, System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int want) && want == port,
                _ => false,
            };
            if (!ok) result = false;
        }
        return attributes > 0 && result;
    }

    /// <summary>The criteria names used on the line ("User", "Address" …), to know which -C fields sshd needs.</summary>
    public static IReadOnlyList<string> Criteria(SshdConfigLine matchLine)
    {
        List<string> words = Words(matchLine);
        var names = new List<string>();
        for (int i = 0; i < words.Count && !words[i].StartsWith('#'); i += 2) names.Add(words[i]);
        return names;
    }

    /// <summary>Why sshd would reject the Match line ("Bad Match condition"), or null when it is well formed.</summary>
    public static string? Validate(SshdConfigLine matchLine)
    {
        List<string> words = Words(matchLine);
        int attributes = 0;
        for (int i = 0; i < words.Count && !words[i].StartsWith('#'); i++)
        {
            string attribute = words[i];
            attributes++;
            if (attribute.Equals("all", StringComparison.OrdinalIgnoreCase))
                return attributes == 1 && (i + 1 >= words.Count || words[i + 1].StartsWith('#'))
                    ? null : "'all' cannot be combined with other Match attributes";
            if (i + 1 >= words.Count || words[i + 1].StartsWith('#')) return $"Missing Match criteria for {attribute}";
            string arg = words[++i];
            switch (attribute.ToLowerInvariant())
            {
                case "user" or "group" or "host" or "rdomain":
                    break;
                case "address" or "localaddress":
                    if (OpenSshPattern.MatchAddressList(null, arg) == -2) return $"Invalid Match address argument '{arg}'";
                    break;
                case "localport":
                    if (!int.TryParse(arg, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                        out int port) || port is < 1 or > 65535)
                        return $"Invalid LocalPort '{arg}' on Match line";
                    break;
                default:
                    return $"Unsupported Match attribute {attribute}";
            }
        }
        return attributes == 0 ? "One or more attributes required for Match" : null;
    }

    /// <summary>groupaccess.c ga_match_pattern_list: a negated match on any group vetoes.</summary>
    private static bool GroupsMatch(IReadOnlyList<string> groups, string list)
    {
        bool found = false;
        foreach (string g in groups)
        {
            int r = OpenSshPattern.MatchList(g, list);
            if (r == -1) return false;
            if (r == 1) found = true;
        }
        return found;
    }

    /// <summary>match_cfg_line splits with strdelim (whitespace, '"' and one '='), not argv_split.</summary>
    private static List<string> Words(SshdConfigLine line)
    {
        var words = new List<string>();
        string rest = line.RestRaw;
        int pos = 0;
        while (pos >= 0 && pos < rest.Length)
        {
            string? w = SshdLineTokenizer.StrDelim(rest, pos, rest.Length, out int next);
            if (w is null || w.Length == 0) break;
            words.Add(SshdBytes.Decode(w));
            pos = next;
        }
        return words;
    }
}
