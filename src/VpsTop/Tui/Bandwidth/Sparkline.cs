namespace VpsTop.Tui;

/// <summary>A series as block characters (▁…█), scaled to its own peak or to a peak shared with other series (two
/// graphs side by side must use one scale, or a trickle looks like a flood).</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<long> series, int width) => Render(series, width, Peak(series, width));

    /// <summary>The largest of the last <paramref name="width"/> values: what a graph of that width scales to.</summary>
    public static long Peak(IReadOnlyList<long> series, int width)
    {
        long peak = 0;
        for (int i = Math.Max(0, series.Count - width); i < series.Count; i++) peak = Math.Max(peak, series[i]);
        return peak;
    }

    public static string Render(IReadOnlyList<long> series, int width, long peak)
    {
        if (width <= 0) return "";
        int start = Math.Max(0, series.Count - width);
        Span<char> cells = stackalloc char[width];
        cells.Fill(' ');
        int offset = width - (series.Count - start);
        for (int i = start; i < series.Count; i++)
        {
            long v = series[i];
            cells[offset + i - start] = v <= 0 || peak == 0 ? ' ' : Blocks[(int)Math.Min(Blocks.Length - 1,
                (v * Blocks.Length - 1) / peak)];
        }
        return new string(cells);
    }
}
