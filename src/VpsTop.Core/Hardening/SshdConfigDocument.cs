using System.Collections.Immutable;

namespace VpsTop.Core.Hardening;

/// <summary>
/// A lossless sshd_config file: every byte (comments, blank lines, order, keyword case, quoting, '=' forms,
/// CRLF, a missing final newline) is kept, so <see cref="ToBytes"/> reproduces the input exactly.
/// Immutable: an edit returns a new document, so the plan layer can hold the original and any number of
/// candidates side by side for a diff, and nothing it showed can change under it.
/// </summary>
public sealed class SshdConfigDocument
{
    private SshdConfigDocument(string path, ImmutableArray<SshdConfigLine> lines)
    {
        Path = path;
        Lines = lines;
    }

    /// <summary>The file's absolute path on the system (not mapped under a test root).</summary>
    public string Path { get; }

    public ImmutableArray<SshdConfigLine> Lines { get; }

    public static SshdConfigDocument Parse(ReadOnlySpan<byte> bytes, string path) => FromRaw(SshdBytes.RawFromBytes(bytes), path);

    public static SshdConfigDocument Parse(string text, string path) => FromRaw(SshdBytes.Encode(text), path);

    public static SshdConfigDocument Empty(string path) => FromRaw("", path);

    /// <summary>sshd splits on '\n' only; a '\r' before it is kept as the line's ending, anywhere else it is content.</summary>
    private static SshdConfigDocument FromRaw(string raw, string path)
    {
        var lines = ImmutableArray.CreateBuilder<SshdConfigLine>();
        int block = 0, start = 0;
        while (start < raw.Length)
        {
            int nl = raw.IndexOf('\n', start);
            string content, ending;
            if (nl < 0) { content = raw[start..]; ending = ""; start = raw.Length; }
            else
            {
                bool crlf = nl > start && raw[nl - 1] == '\r';
                content = raw[start..(crlf ? nl - 1 : nl)];
                ending = crlf ? "\r\n" : "\n";
                start = nl + 1;
            }
            var line = new SshdConfigLine(content, ending, block);
            if (line.IsDirective && line.IsMatch) line = new SshdConfigLine(content, ending, ++block);
            lines.Add(line);
        }
        return new SshdConfigDocument(path, lines.ToImmutable());
    }

    public byte[] ToBytes() => SshdBytes.BytesFromRaw(RawText);

    /// <summary>The file as text (UTF-8 decoded); equals the string it was parsed from.</summary>
    public override string ToString() => SshdBytes.Decode(RawText);

    private string RawText => string.Concat(Lines.Select(l => l.Raw + l.Ending));

    /// <summary>The ending new lines get: the file's own ("\r\n" if most lines use it), else "\n".</summary>
    public string NewLine
    {
        get
        {
            int crlf = Lines.Count(l => l.Ending == "\r\n"), lf = Lines.Count(l => l.Ending == "\n");
            return crlf > lf ? "\r\n" : "\n";
        }
    }

    /// <summary>Index of the first Match line, or -1.</summary>
    public int FirstMatchIndex
    {
        get
        {
            for (int i = 0; i < Lines.Length; i++)
                if (Lines[i].IsDirective && Lines[i].IsMatch) return i;
            return -1;
        }
    }

    /// <summary>Replaces the arguments of directive <paramref name="index"/>; indentation, keyword spelling,
    /// separator, trailing comment and line ending stay as they were.</summary>
    public SshdConfigDocument WithValue(int index, IReadOnlyList<string> args)
    {
        SshdConfigLine line = Lines[index];
        if (line.Kind != SshdLineKind.Directive) throw new ArgumentException($"line {index + 1} is not a directive", nameof(index));
        string value = SshdBytes.Encode(SshdConfigLine.FormatArgs(args));
        string raw = string.Concat(line.Raw.AsSpan(0, line.ValueStart), value, line.Raw.AsSpan(line.ValueEnd));
        return Replace(index, 1, [raw + line.Ending]);
    }

    /// <summary>Inserts "Keyword args" before line <paramref name="index"/> (Lines.Length appends).</summary>
    public SshdConfigDocument InsertBefore(int index, string keyword, IReadOnlyList<string> args, string? commentAbove = null)
    {
        if (index < 0 || index > Lines.Length) throw new ArgumentOutOfRangeException(nameof(index));
        string nl = NewLine;
        var inserted = new List<string>();
        // Appending after a last line without newline must first end that line.
        if (index == Lines.Length && index > 0 && Lines[^1].Ending.Length == 0)
            return Replace(index - 1, 1, [Lines[^1].Raw + nl]).InsertBefore(index, keyword, args, commentAbove);
        if (commentAbove is not null) inserted.Add(SshdBytes.Encode("# " + commentAbove) + nl);
        inserted.Add(SshdBytes.Encode(keyword + " " + SshdConfigLine.FormatArgs(args)) + nl);
        return Replace(index, 0, inserted);
    }

    public SshdConfigDocument Append(string keyword, IReadOnlyList<string> args, string? commentAbove = null) =>
        InsertBefore(Lines.Length, keyword, args, commentAbove);

    /// <summary>Turns a directive into a comment ("# " + the line as it was, keeping its indentation), so the
    /// change is visible and reversible instead of a deleted line.</summary>
    public SshdConfigDocument CommentOut(int index)
    {
        SshdConfigLine line = Lines[index];
        if (line.Kind is SshdLineKind.Blank or SshdLineKind.Comment) return this;
        int indent = 0;
        while (indent < line.Raw.Length && line.Raw[indent] is ' ' or '\t') indent++;
        string raw = string.Concat(line.Raw.AsSpan(0, indent), "# ", line.Raw.AsSpan(indent));
        return Replace(index, 1, [raw + line.Ending]);
    }

    /// <summary>Rebuilds from raw text so Match block numbering always follows the new content.</summary>
    private SshdConfigDocument Replace(int index, int count, IReadOnlyList<string> rawLinesWithEndings)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < index; i++) sb.Append(Lines[i].Raw).Append(Lines[i].Ending);
        foreach (string r in rawLinesWithEndings) sb.Append(r);
        for (int i = index + count; i < Lines.Length; i++) sb.Append(Lines[i].Raw).Append(Lines[i].Ending);
        return FromRaw(sb.ToString(), Path);
    }
}
