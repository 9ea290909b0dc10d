namespace VpsTop.Tests.Tui;

/// <summary>Reads a dialog off a headless screen: its frame (Terminal.Gui draws dialogs with a heavy border, the main
/// window with a light one), the text inside it above its buttons, and the text a scrolled dialog showed.</summary>
public static class DialogScreen
{
    private static string[] Rows(string screen) => screen.Replace("\r", "").Split('\n');

    /// <summary>The dialog's rows inside its frame; fails unless all four corners are on screen.</summary>
    public static List<string> Inside(string screen)
    {
        string[] rows = Rows(screen);
        int top = Array.FindIndex(rows, r => r.Contains('┏'));
        int bottom = Array.FindIndex(rows, r => r.Contains('┗'));
        Assert.True(top >= 0 && bottom > top, "no dialog frame on screen:\n" + screen);
        Assert.True(rows[top].Contains('┓') && rows[bottom].Contains('┛'), "the dialog's right edge is off screen:\n" + screen);
        var inside = new List<string>();
        for (int r = top + 1; r < bottom; r++)
        {
            int left = rows[r].IndexOf('┃'), right = rows[r].LastIndexOf('┃');
            Assert.True(left >= 0 && right > left, $"row {r} of the dialog has no side borders:\n" + screen);
            inside.Add(rows[r][(left + 1)..right]);
        }
        return inside;
    }

    /// <summary>The rows above the buttons (and the blank row Terminal.Gui keeps above them), scroll bar removed.</summary>
    public static List<string> Text(string screen)
    {
        var inside = Inside(screen);
        int buttons = inside.FindIndex(r => r.Contains('⟦'));
        var text = buttons > 0 ? inside.Take(buttons - 1) : inside;
        return [.. text.Select(r => new string([.. r.Where(c => "▲▼█░".IndexOf(c) < 0)]).TrimEnd())];
    }

    /// <summary>The buttons' row.</summary>
    public static string Buttons(string screen) => Inside(screen).First(r => r.Contains('⟦'));

    /// <summary>All the text a dialog showed while scrolled down one row per frame: the rows of the first frame, then
    /// the row each later frame brought in (frames that did not move add nothing).</summary>
    public static List<string> Scrolled(IEnumerable<string> frames)
    {
        List<string>? previous = null;
        var all = new List<string>();
        foreach (string frame in frames)
        {
            var rows = Text(frame);
            if (previous is null) all.AddRange(rows);
            else if (!rows.SequenceEqual(previous))
            {
                Assert.Equal(previous.Skip(1), rows.Take(rows.Count - 1));
                all.Add(rows[^1]);
            }
            previous = rows;
        }
        return all;
    }

    /// <summary>Text without its spacing, to compare wrapped text with the line it came from.</summary>
    public static string Squeezed(IEnumerable<string> rows) => new([.. string.Concat(rows).Where(c => !char.IsWhiteSpace(c))]);

    public static string Squeezed(string text) => Squeezed([text]);
}
