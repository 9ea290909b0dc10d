namespace VpsTop.Core.Hardening;

/// <summary>The output of sshd -T: lower-case keyword → values in printed order (multi-valued keywords such as port,
/// hostkey, acceptenv, allowusers are printed once per value and collected here; single-line ones hold the rest of
/// the line as one string).</summary>
public sealed class SshdT
{
    private readonly Dictionary<string, List<string>> _values;

    private SshdT(Dictionary<string, List<string>> values) => _values = values;

    public IReadOnlyDictionary<string, List<string>> Values => _values;

    public IReadOnlyList<string>? Get(string keyword) => _values.GetValueOrDefault(SshdKeywords.CanonicalOf(keyword));

    /// <summary>The first value ("no"), or null when sshd did not print the keyword.</summary>
    public string? Value(string keyword) => Get(keyword)?.FirstOrDefault();

    public static SshdT Parse(string stdout)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string rawLine in stdout.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0) continue;
            int space = line.IndexOf(' ');
            string keyword = (space < 0 ? line : line[..space]).ToLowerInvariant();
            string value = space < 0 ? "" : line[(space + 1)..];
            if (!values.TryGetValue(keyword, out var list)) values[keyword] = list = [];
            list.Add(value);
        }
        return new SshdT(values);
    }
}
