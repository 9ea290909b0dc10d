using System.Globalization;
using VpsTop.Core.Auth;
using VpsTop.Core.Text;

namespace VpsTop.Cli;

/// <summary>
/// `vpstop auth --summary` as text, laid out as <see cref="TextTable"/> lays out columns. A big log has ~100,000
/// sources, and a string per cell kept until every width is known cost more than a quarter of reading the log (the
/// cells outlived young collections, and collections of the analysis' heap are slow): the widths come from a first
/// pass instead, and each row is formatted into one reused buffer. Both passes run on every core, in parts.
/// </summary>
internal sealed class AuthSummaryTable
{
    private static readonly string[] Headers = ["IP", "FAILURES", "USERS", "ACCEPTED", "FIRST SEEN", "LAST SEEN", "COMPROMISED"];
    private const int UsersShown = 5;

    private char[] _line = new char[256], _row = new char[256];
    private readonly int[] _start = new int[Headers.Length], _length = new int[Headers.Length];
    private int _used;

    public static void Write(IReadOnlyList<SourceStats> sources, TextWriter output)
    {
        // measured, then formatted, in parts on every core; written in order
        var parts = Parts(sources.Count);
        var users = new string[sources.Count];
        var partWidths = new int[parts.Length][];
        Parallel.For(0, parts.Length, part => partWidths[part] = Measure(sources, users, parts[part]));
        var widths = Headers.Select(h => h.Length).ToArray();
        foreach (var measured in partWidths)
            for (int i = 0; i < widths.Length; i++) Widen(widths, i, measured[i]);

        var formatted = new StringWriter[parts.Length];
        Parallel.For(0, parts.Length, part =>
        {
            var table = new AuthSummaryTable();
            var text = new StringWriter { NewLine = output.NewLine };
            var (from, to) = parts[part];
            for (int row = from; row < to; row++)
            {
                table.Format(sources[row], users[row]);
                table.WriteTo(text, widths);
            }
            formatted[part] = text;
        });
        var header = new AuthSummaryTable();
        foreach (string h in Headers) header.Cell(h);
        header.WriteTo(output, widths);
        foreach (var text in formatted) output.Write(text.GetStringBuilder());
    }

    /// <summary>Rows split into runs of a few thousand, a few per core.</summary>
    internal static (int From, int To)[] Parts(int rows)
    {
        int count = Math.Clamp(rows / 4096, 1, Environment.ProcessorCount * 4);
        return Enumerable.Range(0, count).Select(i => ((int)((long)rows * i / count), (int)((long)rows * (i + 1) / count))).ToArray();
    }

    /// <summary>The widths of some rows' cells without formatting them: a time is always as wide as its format; the
    /// names cell is kept for the rows.</summary>
    private static int[] Measure(IReadOnlyList<SourceStats> sources, string[] users, (int From, int To) rows)
    {
        var widths = new int[Headers.Length];
        Span<char> text = stackalloc char[64];
        for (int row = rows.From; row < rows.To; row++)
        {
            var s = sources[row];
            users[row] = SafeText.Sanitize(string.Join(',', FirstUsers(s)), 512);
            Widen(widths, 0, s.Address.TryFormatDisplay(text, out int n) ? n : s.Address.ToDisplayString().Length);
            Widen(widths, 1, Number(s.Failures, text).Length);
            Widen(widths, 2, users[row].Length);
            Widen(widths, 3, Number(s.Accepted, text).Length);
            Widen(widths, 4, s.FirstSeen is null ? 0 : TimeFormat.Length);
            Widen(widths, 5, s.LastSeen is null ? 0 : TimeFormat.Length);
            Widen(widths, 6, s.Compromised ? "YES".Length : 0);
        }
        return widths;
    }

    private static void Widen(int[] widths, int column, int length) => widths[column] = Math.Max(widths[column], length);

    private void Format(SourceStats s, string users)
    {
        Clear();
        Span<char> text = stackalloc char[64];
        Cell(s.Address.TryFormatDisplay(text, out int n) ? text[..n] : s.Address.ToDisplayString());
        Cell(Number(s.Failures, text));
        Cell(users);
        Cell(Number(s.Accepted, text));
        Cell(Time(s.FirstSeen, text));
        Cell(Time(s.LastSeen, text));
        Cell(s.Compromised ? "YES" : "");
    }

    /// <summary>The first names in ordinal order, without sorting them all (a sprayer tries thousands).</summary>
    private static List<string> FirstUsers(SourceStats s)
    {
        var first = new List<string>(UsersShown + 1);
        foreach (string u in s.Users)
        {
            int at = first.BinarySearch(u, StringComparer.Ordinal);
            if (at < 0) at = ~at;
            if (at >= UsersShown) continue;
            first.Insert(at, u);
            if (first.Count > UsersShown) first.RemoveAt(UsersShown);
        }
        return first;
    }

    private static ReadOnlySpan<char> Number(int value, Span<char> text) =>
        value.TryFormat(text, out int n, provider: CultureInfo.InvariantCulture) ? text[..n] : value.ToString(CultureInfo.InvariantCulture);

    // four-digit years: as wide as the format itself
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary><see cref="TimeFormat"/> in local time, digit by digit: the format string was parsed again for each of
    /// 200,000 cells.</summary>
    private static ReadOnlySpan<char> Time(DateTimeOffset? t, Span<char> text)
    {
        if (t is not { } v) return "";
        DateTime d = v.ToLocalTime().DateTime;
        Digits(text[..4], d.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), d.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), d.Day);
        text[10] = ' ';
        Digits(text.Slice(11, 2), d.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), d.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), d.Second);
        return text[..TimeFormat.Length];
    }

    private static void Digits(Span<char> into, int value)
    {
        for (int i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }

    private void Clear() => _used = 0;

    private void Cell(ReadOnlySpan<char> text)
    {
        int i = _used++;
        _start[i] = i == 0 ? 0 : _start[i - 1] + _length[i - 1];
        _length[i] = text.Length;
        if (_start[i] + text.Length > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, _start[i] + text.Length));
        text.CopyTo(_line.AsSpan(_start[i]));
    }

    /// <summary>Cells padded to their column's width, one space apart, the last one not padded, trailing blanks cut.</summary>
    private void WriteTo(TextWriter output, int[] widths)
    {
        int total = 0;
        for (int i = 0; i < _used; i++) total += (i > 0 ? 1 : 0) + (i == _used - 1 ? _length[i] : Math.Max(widths[i], _length[i]));
        if (_row.Length < total) _row = new char[total];
        Span<char> row = _row;
        int at = 0;
        for (int i = 0; i < _used; i++)
        {
            if (i > 0) row[at++] = ' ';
            _line.AsSpan(_start[i], _length[i]).CopyTo(row[at..]);
            at += _length[i];
            if (i < _used - 1)
                for (int pad = _length[i]; pad < widths[i]; pad++) row[at++] = ' ';
        }
        output.Write(row[..at].TrimEnd());
        output.WriteLine();
    }
}
