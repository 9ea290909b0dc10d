namespace VpsTop.Core.Hardening;

/// <summary>
/// A port of how OpenSSH 9.x reads one sshd_config line (servconf.c process_server_config_line_depth,
/// misc.c strdelim and argv_split): the keyword ends at whitespace, '"' or one '='; the rest is split like
/// argv_split(…, terminate_on_comment=1): space/tab separate, '"' and '\'' group, '\\' escapes quote,
/// backslash and space, '#' at the start of a token ends the line. Works on raw text (one char per byte).
/// </summary>
internal static class SshdLineTokenizer
{
    private const string Whitespace = " \t\r\n";

    internal readonly record struct Token(string Raw, int Start, int End);

    internal sealed record Result(
        SshdLineKind Kind, string? Keyword, IReadOnlyList<Token> Args,
        int ValueStart, int ValueEnd, int RestEnd, string? Error);

    public static Result Parse(string raw)
    {
        // load_server_config strips leading " \t\r"; the line parser strips trailing " \t\r\n\f".
        int start = 0;
        while (start < raw.Length && raw[start] is ' ' or '\t' or '\r') start++;
        int end = raw.Length;
        while (end > start && raw[end - 1] is ' ' or '\t' or '\r' or '\n' or '\f') end--;
        if (start == end) return new Result(SshdLineKind.Blank, null, [], end, end, end, null);
        if (raw[start] == '#') return new Result(SshdLineKind.Comment, null, [], end, end, end, null);

        string? keyword = StrDelim(raw, start, end, out int next);
        if (keyword is { Length: 0 } && next >= 0) keyword = StrDelim(raw, next, end, out next);
        if (keyword is null) return new Result(SshdLineKind.Ignored, null, [], end, end, end, null);
        if (keyword.Length == 0 || keyword[0] == '#') return new Result(SshdLineKind.Comment, null, [], end, end, end, null);
        if (next < 0 || next >= end)
            return new Result(SshdLineKind.Invalid, keyword, [], end, end, end,
                $"no argument after keyword \"{SshdBytes.Decode(keyword)}\"");

        var args = ArgvSplit(raw, next, end, out bool unbalanced);
        if (unbalanced) return new Result(SshdLineKind.Invalid, keyword, [], next, end, end, "invalid quotes");
        int valueEnd = args.Count > 0 ? args[^1].End : next;
        return new Result(SshdLineKind.Directive, keyword, args, next, valueEnd, end, null);
    }

    /// <summary>
    /// misc.c strdelim(): the token at <paramref name="pos"/>; <paramref name="next"/> is where the rest starts,
    /// or -1 when nothing follows (sshd's NULL). Returns null for an unterminated '"' (sshd ignores such a line).
    /// </summary>
    internal static string? StrDelim(string s, int pos, int end, out int next)
    {
        int k = pos;
        while (k < end && Whitespace.IndexOf(s[k]) < 0 && s[k] != '"' && s[k] != '=') k++;
        if (k == end) { next = -1; return s[pos..end]; }
        if (s[k] == '"')
        {
            int q = s.IndexOf('"', k + 1, end - k - 1);
            if (q < 0) { next = -1; return null; }
            next = SkipWhitespace(s, q + 1, end);
            return string.Concat(s.AsSpan(pos, k - pos), s.AsSpan(k + 1, q - k - 1));
        }
        bool sawEquals = s[k] == '=';
        next = SkipWhitespace(s, k + 1, end);
        if (!sawEquals && next < end && s[next] == '=') next = SkipWhitespace(s, next + 1, end);
        return s[pos..k];
    }

    private static int SkipWhitespace(string s, int i, int end)
    {
        while (i < end && Whitespace.IndexOf(s[i]) >= 0) i++;
        return i;
    }

    /// <summary>misc.c argv_split(s, …, terminate_on_comment=1), keeping each token's span for edits.</summary>
    internal static List<Token> ArgvSplit(string s, int from, int end, out bool unbalanced)
    {
        var tokens = new List<Token>();
        unbalanced = false;
        var sb = new System.Text.StringBuilder();
        for (int i = from; i < end; i++)
        {
            if (s[i] is ' ' or '\t') continue;
            if (s[i] == '#') break;
            int tokenStart = i;
            char quote = '\0';
            sb.Clear();
            for (; i < end; i++)
            {
                char c = s[i];
                if (c == '\\')
                {
                    char n = i + 1 < end ? s[i + 1] : '\0';
                    if (n is '\'' or '"' or '\\' || (quote == '\0' && n == ' ')) { i++; sb.Append(n); }
                    else sb.Append(c);
                }
                else if (quote == '\0' && c is ' ' or '\t') break;
                else if (quote == '\0' && c is '"' or '\'') quote = c;
                else if (quote != '\0' && c == quote) quote = '\0';
                else sb.Append(c);
            }
            if (quote != '\0') { unbalanced = true; return tokens; }
            tokens.Add(new Token(sb.ToString(), tokenStart, i));
        }
        return tokens;
    }
}
