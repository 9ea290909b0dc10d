namespace VpsTop.Core.Text;

/// <summary>Unsigned decimal numbers in log text: ASCII digits only, no sign, no spaces, no culture. int.TryParse's
/// style and culture handling cost more on paths taken for every line (PIDs, ports).</summary>
public static class AsciiNumber
{
    /// <param name="maxDigits">At most 9, so the value cannot overflow.</param>
    public static bool TryParse(ReadOnlySpan<char> s, int maxDigits, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > Math.Min(maxDigits, 9)) return false;
        int n = 0; // a local: the out parameter is memory, and every digit would store to it
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            n = n * 10 + (c - '0');
        }
        value = n;
        return true;
    }
}
