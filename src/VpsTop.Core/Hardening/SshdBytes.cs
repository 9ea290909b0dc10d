using System.Text;

namespace VpsTop.Core.Hardening;

/// <summary>
/// sshd reads its config as bytes. Documents keep each byte as one Latin-1 char ("raw" text) so any file,
/// valid UTF-8 or not, survives a round trip exactly; values shown or compared are decoded as UTF-8.
/// </summary>
internal static class SshdBytes
{
    public static string RawFromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] BytesFromRaw(string raw) => Encoding.Latin1.GetBytes(raw);

    /// <summary>Raw (one char per byte) to readable text; invalid UTF-8 becomes U+FFFD.</summary>
    public static string Decode(string raw)
    {
        foreach (char c in raw)
            if (c >= 0x80) return Encoding.UTF8.GetString(BytesFromRaw(raw));
        return raw;
    }

    /// <summary>Readable text to raw: its UTF-8 bytes, one char each.</summary>
    public static string Encode(string text)
    {
        foreach (char c in text)
            if (c >= 0x80) return RawFromBytes(Encoding.UTF8.GetBytes(text));
        return text;
    }
}
