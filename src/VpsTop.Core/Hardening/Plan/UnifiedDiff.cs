using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>A file change as diff -u shows it (3 lines of context, hunks merged when their context touches).
/// <see cref="IsNewFile"/>: the old side is /dev/null.</summary>
public sealed class UnifiedDiff
{
    private const int Context = 3;

    // A last line without a newline differs from the same text with one (diff -u shows both); this suffix keeps them apart.
    private const char NoNewline = '\u0000';

    private UnifiedDiff(string path, bool isNewFile, IReadOnlyList<DiffHunk> hunks)
    {
        Path = path;
        IsNewFile = isNewFile;
        Hunks = hunks;
    }

    public string Path { get; }
    public bool IsNewFile { get; }
    public IReadOnlyList<DiffHunk> Hunks { get; }

    /// <summary><paramref name="oldText"/> null = the file does not exist yet.</summary>
    public static UnifiedDiff Between(string path, string? oldText, string newText)
    {
        string[] a = SplitLines(oldText ?? "");
        string[] b = SplitLines(newText);
        List<DiffBlock> blocks;
        // DiffPlex reads "" as one empty line, so an empty side is handled here.
        if (a.Length == 0 || b.Length == 0)
            blocks = a.Length == 0 && b.Length == 0 ? [] : [new DiffBlock(0, a.Length, 0, b.Length)];
        else
            blocks = Differ.Instance.CreateLineDiffs(string.Join('\n', a), string.Join('\n', b), ignoreWhitespace: false, ignoreCase: false)
                .DiffBlocks.Where(d => d.DeleteCountA > 0 || d.InsertCountB > 0).ToList();
        var hunks = new List<DiffHunk>();
        int i = 0;
        while (i < blocks.Count)
        {
            int j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA
                + blocks[j].DeleteCountA) <= 2 * Context) j++;
            hunks.Add(Hunk(a, b, blocks, i, j));
            i = j + 1;
        }
        return new UnifiedDiff(path, oldText is null, hunks);
    }

    private static DiffHunk Hunk(string[] a, string[] b, List<DiffBlock> blocks, int first, int last)
    {
        int startA = Math.Max(0, blocks[first].DeleteStartA - Context);
        int startB = blocks[first].InsertStartB - (blocks[first].DeleteStartA - startA);
        int endA = Math.Min(a.Length, blocks[last].DeleteStartA + blocks[last].DeleteCountA + Context);
        var lines = new List<DiffLine>();
        int posA = startA;
        for (int k = first; k <= last; k++)
        {
            DiffBlock d = blocks[k];
            for (; posA < d.DeleteStartA; posA++) lines.Add(Line(DiffLineKind.Context, a[posA]));
            for (int x = 0; x < d.DeleteCountA; x++) lines.Add(Line(DiffLineKind.Removed, a[d.DeleteStartA + x]));
            for (int x = 0; x < d.InsertCountB; x++) lines.Add(Line(DiffLineKind.Added, b[d.InsertStartB + x]));
            posA = d.DeleteStartA + d.DeleteCountA;
        }
        for (; posA < endA; posA++) lines.Add(Line(DiffLineKind.Context, a[posA]));
        int oldCount = lines.Count(l => l.Kind != DiffLineKind.Added);
        int newCount = lines.Count(l => l.Kind != DiffLineKind.Removed);
        return new DiffHunk(oldCount == 0 ? startA : startA + 1, oldCount, newCount == 0 ? startB : startB + 1, newCount, lines);
    }

    /// <summary>diff -u text: "--- a/path", "+++ b/path" (or /dev/null for a new file), hunks, and the
    /// "\ No newline at end of file" marker after a last line that has none.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(IsNewFile ? "--- /dev/null" : "--- a/" + Path.TrimStart('/')).Append('\n');
        sb.Append("+++ b/").Append(Path.TrimStart('/')).Append('\n');
        foreach (DiffHunk h in Hunks)
        {
            sb.Append(h.Header).Append('\n');
            foreach (DiffLine l in h.Lines)
            {
                sb.Append(l.Kind switch { DiffLineKind.Added => '+', DiffLineKind.Removed => '-', _ => ' ' });
                sb.Append(l.Text).Append('\n');
                if (l.MissingNewline) sb.Append("\\ No newline at end of file\n");
            }
        }
        return sb.ToString();
    }

    private static DiffLine Line(DiffLineKind kind, string raw) =>
        raw.EndsWith(NoNewline) ? new DiffLine(kind, raw[..^1], true) : new DiffLine(kind, raw);

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0) return [];
        if (text.EndsWith('\n')) return text[..^1].Split('\n');
        string[] lines = text.Split('\n');
        lines[^1] += NoNewline;
        return lines;
    }
}
