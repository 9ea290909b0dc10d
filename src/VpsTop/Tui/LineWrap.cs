using System.Text;
using Terminal.Gui.Text;

namespace VpsTop.Tui;

/// <summary>
/// Breaks a line into pieces no wider than a number of terminal columns: at a space where there is one, inside a
/// word only when the word alone is wider (a long path). Continuation pieces hang under the line's value
/// ("Exe       /tmp/…" continues under "/tmp"), or two columns in from the line's own indentation.
/// </summary>
public static class LineWrap
{
    public static List<string> Wrap(string text, int width)
    {
        var pieces = new List<string>();
        Wrap(text, width, pieces);
        return pieces;
    }

    public static void Wrap(string text, int width, List<string> into)
    {
        width = Math.Max(1, width);
        if (Columns(text) <= width)
        {
            into.Add(text);
            return;
        }
        string indent = new(' ', HangingIndent(text, width));
        int start = 0;
        bool first = true;
        while (start < text.Length)
        {
            string prefix = first ? "" : indent;
            int end = FitEnd(text, start, width - prefix.Length);
            if (end >= text.Length)
            {
                into.Add(prefix + text[start..]);
                return;
            }
            // A space at `end` (the first character that did not fit) is as good a break as one before it. But a word
            // that fits no line (a long path) is not moved down whole: it starts here and is cut where the line ends.
            int wordStart = start;
            while (wordStart < end && text[wordStart] == ' ') wordStart++;
            int space = text.LastIndexOf(' ', end, end - wordStart);
            int pieceEnd = space > wordStart && Columns(NextWord(text, space)) <= width - indent.Length
                ? space
                : Math.Max(end, NextRune(text, start));
            into.Add(prefix + text[start..pieceEnd].TrimEnd(' '));
            start = pieceEnd;
            while (start < text.Length && text[start] == ' ') start++;
            first = false;
        }
    }

    /// <summary>Terminal columns <paramref name="text"/> takes (wide characters two, combining marks none).</summary>
    public static int Columns(string text)
    {
        int columns = 0;
        foreach (Rune r in text.EnumerateRunes()) columns += Math.Max(0, r.GetColumns());
        return columns;
    }

    /// <summary>The index after the last character of text[start..] that fits in <paramref name="room"/> columns.</summary>
    private static int FitEnd(string text, int start, int room)
    {
        int used = 0, i = start;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune r, out int length);
            used += Math.Max(0, r.GetColumns());
            if (used > room) break;
            i += length;
        }
        return i;
    }

    private static string NextWord(string text, int space)
    {
        int from = space;
        while (from < text.Length && text[from] == ' ') from++;
        int to = text.IndexOf(' ', from);
        return text[from..(to < 0 ? text.Length : to)];
    }

    private static int NextRune(string text, int i) => i + (char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1);

    /// <summary>"Label   value": under the value; otherwise two columns in from the line's indentation. At most half the
    /// width, so every piece still has room.</summary>
    private static int HangingIndent(string text, int width)
    {
        int lead = 0;
        while (lead < text.Length && text[lead] == ' ') lead++;
        int wordEnd = lead;
        while (wordEnd < text.Length && text[wordEnd] != ' ') wordEnd++;
        int value = wordEnd;
        while (value < text.Length && text[value] == ' ') value++;
        int indent = value - wordEnd >= 2 && value < text.Length ? Columns(text[..value]) : lead + 2;
        return Math.Min(indent, width / 2);
    }
}
