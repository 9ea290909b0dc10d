using System.Globalization;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// The syslog header in front of a file line: "Nov 28 21:00:00 host tag[pid]: message" (BSD, no year, local time)
/// or "2026-11-28T21:00:00.123456+00:00 host tag[pid]: message" (RFC 3339, rsyslog's high-precision format). Only
/// the header is read here; the message itself is the parser's business. Nothing here throws on hostile text.
/// </summary>
public readonly record struct SyslogPrefix(
    DateTimeOffset? Stamp,   // RFC 3339: exact
    int Month, int Day, int SecondOfDay,  // local wall clock, always set
    int? Pid,
    int MessageStart)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static bool TryParse(string line, out SyslogPrefix prefix)
    {
        prefix = default;
        int pos;
        DateTimeOffset? stamp = null;
        int month, day, secondOfDay;
        if (line.Length >= 15 && char.IsAsciiDigit(line[0]))
        {
            int space = line.IndexOf(' ');
            if (space < 19 || !DateTimeOffset.TryParse(line.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed))
                return false;
            stamp = parsed;
            DateTime local = parsed.ToLocalTime().DateTime;
            (month, day, secondOfDay) = (local.Month, local.Day, (int)local.TimeOfDay.TotalSeconds);
            pos = space + 1;
        }
        else
        {
            // "Nov 28 21:00:00 " or "Nov  8 21:00:00 "
            if (line.Length < 16 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':' || line[15] != ' ') return false;
            month = Array.IndexOf(Months, line[..3]) + 1;
            if (month == 0 || !TryDigits(line.AsSpan(4, 2).Trim(), out day) || !TryDigits(line.AsSpan(7, 2), out int h)
                || !TryDigits(line.AsSpan(10, 2), out int m) || !TryDigits(line.AsSpan(13, 2), out int s))
                return false;
            secondOfDay = h * 3600 + m * 60 + s;
            pos = 16;
        }

        int hostEnd = line.IndexOf(' ', pos);
        if (hostEnd < 0) return false;
        int colon = line.IndexOf(": ", hostEnd + 1, StringComparison.Ordinal);
        if (colon < 0) return false;
        ReadOnlySpan<char> tag = line.AsSpan(hostEnd + 1, colon - hostEnd - 1);
        int? pid = null;
        int open = tag.IndexOf('[');
        if (open > 0 && tag[^1] == ']' && TryDigits(tag[(open + 1)..^1], out int p)) pid = p;
        prefix = new SyslogPrefix(stamp, month, day, secondOfDay, pid, colon + 2);
        return true;
    }

    /// <summary>The full time, taking the year for BSD stamps from <paramref name="yearHint"/> (a file's mtime).</summary>
    public DateTimeOffset Resolve(DateTime yearHintLocal)
    {
        if (Stamp is { } exact) return exact;
        int year = yearHintLocal.Year;
        // A stamp later in the year than the hint was written the year before (a December line read in January).
        if (Month > yearHintLocal.Month || (Month == yearHintLocal.Month && Day > yearHintLocal.Day + 1)) year--;
        int day = Math.Min(Day, DateTime.DaysInMonth(year, Month));
        return new DateTimeOffset(new DateTime(year, Month, day, 0, 0, 0, DateTimeKind.Local).AddSeconds(SecondOfDay));
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9) return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
