namespace VpsTop.Core.Hardening.Apply;

/// <summary>A setting as typed by the admin (`--set KEY=VALUE`, or edited in the pane), checked before it goes anywhere.</summary>
public static class SettingText
{
    /// <summary>"Key=Value words": the keyword must be one sshd knows; UsePAM is never changed (research L7).</summary>
    public static bool TryParse(string text, out KeyValuePair<string, IReadOnlyList<string>> setting, out string? problem)
    {
        setting = default;
        int eq = text.IndexOf('=');
        string key = eq > 0 ? text[..eq].Trim() : "";
        string value = eq > 0 ? text[(eq + 1)..].Trim() : "";
        problem = key.Length == 0 ? "expected KEY=VALUE"
            : SshdKeywords.Find(key) is null ? $"sshd has no keyword '{key}'"
            : key.Equals("UsePAM", StringComparison.OrdinalIgnoreCase)
                ? "UsePAM is never changed: with it off, key-only accounts with a locked password cannot log in"
            : value.Length == 0 ? "empty value"
            : value.Any(c => char.IsControl(c)) ? "control characters in the value"
            : null;
        if (problem is not null) return false;
        setting = new(key, value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return true;
    }

    /// <summary>Back to "Key=Value words", as the planner takes --set values.</summary>
    public static string Format(KeyValuePair<string, IReadOnlyList<string>> setting) => $"{setting.Key}={string.Join(' ', setting.Value)}";
}
