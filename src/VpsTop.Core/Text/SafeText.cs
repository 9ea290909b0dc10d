using System.Globalization;
using System.Text;

namespace VpsTop.Core.Text;

/// <summary>
/// The one place hostile text from the system (process names, argv, user names, log lines) is made inert
/// before any renderer sees it. Control characters (C0, DEL, C1) become visible escapes such as "\x1b",
/// so an ESC sequence is shown rather than obeyed; bidi overrides/isolates and zero-width characters are
/// shown as "\u202e"-style escapes so a name cannot reorder or hide text; invalid UTF-16 becomes U+FFFD.
/// </summary>
public static class SafeText
{
    /// <summary>Returns <paramref name="text"/> itself (no allocation) when nothing needs escaping.</summary>
    public static string Sanitize(string? text, int maxLength = 4096)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        int first = IndexOfUnsafe(text);
        if (first < 0 && text.Length <= maxLength) return text;

        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length && sb.Length < maxLength; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, text[i + 1]);
                if (IsInvisibleFormat(cp)) sb.Append(CultureInfo.InvariantCulture, $"\\u{{{cp:x}}}");
                else sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) { sb.Append('\uFFFD'); continue; }
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
            {
                sb.Append(c switch
                {
                    '\t' => "\\t",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                });
                continue;
            }
            if (IsInvisibleFormat(c)) { sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); continue; }
            sb.Append(c);
        }
        if (sb.Length >= maxLength && (first >= 0 || text.Length > maxLength))
        {
            sb.Length = Math.Min(sb.Length, maxLength - 1);
            sb.Append('…');
        }
        return sb.ToString();
    }

    /// <summary>Index of the first character <see cref="Sanitize"/> would change, or -1.</summary>
    public static int IndexOfUnsafe(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x20 || c == 0x7F) return i;
            if (c < 0x80) continue;
            if (c <= 0x9F || IsInvisibleFormat(c)) return i;
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (IsInvisibleFormat(char.ConvertToUtf32(c, text[i + 1]))) return i;
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    /// <summary>Bidi embeddings/overrides/isolates/marks, zero-width and other invisible format characters,
    /// the BOM, interlinear annotation and tag characters: all can hide or reorder what an admin reads.</summary>
    private static bool IsInvisibleFormat(int cp) =>
        cp is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x180E or 0x3164 or 0xFEFF or 0xFFA0
        || cp is >= 0x200B and <= 0x200F
        || cp is >= 0x202A and <= 0x202E
        || cp is >= 0x2060 and <= 0x206F
        || cp is >= 0xFFF9 and <= 0xFFFB
        || cp is >= 0xE0000 and <= 0xE007F;
}
