namespace VpsTop.Core.Hardening;

/// <summary>
/// One line of an sshd_config file exactly as written (<see cref="Raw"/> + <see cref="Ending"/>, one char per
/// byte) together with what sshd reads from it. <see cref="MatchBlock"/> is 0 for the file's global part and n
/// for the n-th Match block of this file (the Match line itself belongs to its block).
/// </summary>
public sealed record SshdConfigLine
{
    internal SshdConfigLine(string raw, string ending, int matchBlock)
    {
        Raw = raw;
        Ending = ending;
        MatchBlock = matchBlock;
        var parsed = SshdLineTokenizer.Parse(raw);
        Kind = parsed.Kind;
        Keyword = parsed.Keyword is null ? null : SshdBytes.Decode(parsed.Keyword);
        Args = parsed.Args.Select(t => SshdBytes.Decode(t.Raw)).ToArray();
        ValueStart = parsed.ValueStart;
        ValueEnd = parsed.ValueEnd;
        RestRaw = raw[Math.Min(parsed.ValueStart, parsed.RestEnd)..parsed.RestEnd];
        Error = parsed.Error;
    }

    /// <summary>The bytes of the line without its ending, one char per byte.</summary>
    public string Raw { get; }

    /// <summary>"\n", "\r\n" or "" (last line without a final newline).</summary>
    public string Ending { get; }

    public int MatchBlock { get; }

    public SshdLineKind Kind { get; }

    /// <summary>The keyword as spelled in the file (sshd compares it case-insensitively).</summary>
    public string? Keyword { get; }

    /// <summary>The arguments after sshd's unquoting, decoded as UTF-8.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Why sshd rejects the line, for <see cref="SshdLineKind.Invalid"/>.</summary>
    public string? Error { get; }

    /// <summary>Span of the arguments in <see cref="Raw"/>: an edit replaces only this, keeping indentation,
    /// keyword spelling, '=' form, trailing comment and line ending.</summary>
    internal int ValueStart { get; }
    internal int ValueEnd { get; }

    /// <summary>Everything after the keyword (raw), as sshd's Match parser sees it (it re-splits with strdelim).</summary>
    internal string RestRaw { get; }

    /// <summary>The line as readable text (UTF-8 decoded, no ending). Sanitize before rendering.</summary>
    public string Text => SshdBytes.Decode(Raw);

    public bool IsDirective => Kind == SshdLineKind.Directive;

    public bool Is(string keyword) => Keyword is not null && string.Equals(Keyword, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsMatch => Is("Match");

    public bool IsInclude => Is("Include");

    /// <summary>Formats arguments so sshd's argv_split reads them back unchanged.</summary>
    public static string FormatArgs(IEnumerable<string> args) => string.Join(' ', args.Select(FormatArg));

    private static string FormatArg(string arg)
    {
        if (arg.Length > 0 && arg.IndexOfAny([' ', '\t', '"', '\'', '\\', '#']) < 0) return arg;
        return "\"" + arg.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
