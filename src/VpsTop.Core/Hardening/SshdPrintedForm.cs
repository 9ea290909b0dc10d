using System.Globalization;

namespace VpsTop.Core.Hardening;

/// <summary>Maps a value as written in sshd_config to how sshd -T prints it (servconf.c dump_config):
/// multistate synonyms (prohibit-password → without-password, delayed → yes, all → yes), times in seconds,
/// LogLevel/SyslogFacility upper case, lines of one-line keywords joined. Null: not comparable (computed by sshd).</summary>
public static class SshdPrintedForm
{
    public static IReadOnlyList<string>? Of(SshdKeyword keyword, EffectiveSetting setting)
    {
        var v = setting.Values;
        switch (keyword.Form)
        {
            case SshdValueForm.Computed:
                return null;
            case SshdValueForm.Algorithms:
                return v.Count == 0 || v[0].Length == 0 || v[0][0] is '+' or '-' or '^' ? null : [v[0]];
            case SshdValueForm.Word:
                return v.Count == 0 ? null : [Word(keyword.Canonical, v[0].ToLowerInvariant())];
            case SshdValueForm.Upper:
                return v.Count == 0 ? null : [v[0].ToUpperInvariant()];
            case SshdValueForm.Seconds:
                if (v.Count == 0) return null;
                if (v[0].Equals("none", StringComparison.OrdinalIgnoreCase)) return ["none"];
                long? s = Seconds(v[0]);
                return s is null ? null : [s.Value.ToString(CultureInfo.InvariantCulture)];
        }
        // One value per printed line for accumulating keywords and SetEnv (dump_cfg_strarray); one line for the
        // other multi-argument ones (AuthorizedKeysFile, AuthenticationMethods, PermitOpen …).
        return keyword.Rule is SshdKeywordRule.Accumulate or SshdKeywordRule.UniqueByName || keyword.Canonical == "setenv"
            ? v : [string.Join(' ', v)];
    }

    private static string Word(string canonical, string value) => (canonical, value) switch
    {
        ("permitrootlogin", "prohibit-password") => "without-password",
        ("compression", "delayed") => "yes",
        ("allowtcpforwarding" or "allowstreamlocalforwarding", "all") => "yes",
        _ => value,
    };

    /// <summary>misc.c convtime: digits with optional s/m/h/d/w units, summed ("1h30m" = 5400).</summary>
    public static long? Seconds(string text)
    {
        long total = 0, number = 0;
        bool digits = false;
        foreach (char c in text.ToLowerInvariant())
        {
            if (c is >= '0' and <= '9') { number = number * 10 + (c - '0'); digits = true; continue; }
            if (!digits) return null;
            long unit = c switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, 'w' => 604800, _ => 0 };
            if (unit == 0) return null;
            total += number * unit;
            number = 0;
            digits = false;
        }
        return total + number;
    }
}
