namespace VpsTop.Tui;

/// <summary>A series as block characters (▁…█) scaled to its own peak: the shape of the traffic, in a few cells.</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<long> series, int width)
    {
        if (width <= 0) return "";
        int start = Math.Max(0, series.Count - width);
        long peak = 0;
        for (int i = start; i < series.Count; i++) peak = Math.Max(peak, series[i]);
        Span<char> cells = stackalloc char[width];
        cells.Fill(' ');
        int offset = width - (series.Count - start);
        for (int i = start; i < series.Count; i++)
        {
            long v = series[i];
            cells[offset + i - start] = v <= 0 || peak == 0 ? ' ' : Blocks[(int)Math.Min(Blocks.Length - 1, (v * Blocks.Length - 1) / peak)];
        }
        return new string(cells);
    }
}
