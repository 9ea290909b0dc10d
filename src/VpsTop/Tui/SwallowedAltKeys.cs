using System.Text;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace VpsTop.Tui;

/// <summary>
/// Terminal.Gui 2.5's ANSI input parser holds an ESC and what follows to see whether they make a sequence. Alt+C is
/// ESC c; when more keys come in the same read (Alt+C then l, typed fast or over a slow link) the run is no sequence
/// it knows and it drops all of it, Alt key included, and reports what it dropped. This turns such a run back into
/// the keys that were typed.
/// </summary>
public static class SwallowedAltKeys
{
    /// <summary>The keys of <paramref name="swallowed"/> when it is ESC, an Alt+key character and plain keys; otherwise
    /// null (a real but unknown escape sequence stays dropped).</summary>
    public static List<Key>? Recover(string swallowed, IKeyConverter<char> converter)
    {
        // 'O' and '[' start SS3 and CSI sequences: ESC O M is a keypad key, not Alt+O then M.
        if (swallowed.Length < 3 || swallowed[0] != '\u001b' || swallowed.IndexOf('\u001b', 1) >= 0) return null;
        char alt = swallowed[1];
        if (alt == 'O' || !(char.IsAsciiLetterOrDigit(alt) || alt == '_' || alt is >= '\u0001' and <= '\u001a')) return null;
        var keys = new List<Key> { converter.ToKey(alt).WithAlt };
        foreach (Rune r in swallowed.AsSpan(2).EnumerateRunes())
            keys.Add(r.IsBmp ? converter.ToKey((char)r.Value) : new Key(r.Value));
        return keys;
    }
}
