namespace VpsTop.Core.Text;

/// <summary>
/// Hands out one string per distinct short text, looked up by span, so a log of millions of lines holds "root" and
/// "password" once and parsing a line that repeats known names allocates nothing. Bounded: once full (a sprayer
/// inventing names), new texts are allocated as usual instead of growing the pool. Not thread-safe: one per parser
/// or per thread.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private readonly int _maxLength;

    public StringPool(int capacity = 8192, int maxLength = 64)
    {
        _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _capacity = capacity;
        _maxLength = maxLength;
    }

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return "";
        if (text.Length > _maxLength) return text.ToString();
        if (_bySpan.TryGetValue(text, out string? known)) return known;
        string s = text.ToString();
        if (_strings.Count < _capacity) _strings.Add(s, s);
        return s;
    }
}
