using System.Text;
using VpsTop.Core.Text;

namespace VpsTop.Cli;

/// <summary>Left-aligned columns for plain-text output; every cell is sanitized before it is measured.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        var safe = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++) safe[i] = SafeText.Sanitize(cells[i], 512);
        _rows.Add(safe);
    }

    public void WriteTo(TextWriter output)
    {
        var widths = new int[headers.Length];
        for (int i = 0; i < headers.Length; i++) widths[i] = headers[i].Length;
        foreach (var row in _rows)
            for (int i = 0; i < row.Length - 1 && i < widths.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);

        var line = new StringBuilder();
        WriteRow(output, line, headers, widths);
        foreach (var row in _rows) WriteRow(output, line, row, widths);
    }

    private static void WriteRow(TextWriter output, StringBuilder line, string[] cells, int[] widths)
    {
        line.Clear();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append(' ');
            if (i == cells.Length - 1) line.Append(cells[i]);
            else line.Append(cells[i].PadRight(widths[i]));
        }
        output.WriteLine(line.ToString().TrimEnd());
    }
}
