using System.Globalization;
using VpsTop.Core.Text;

namespace VpsTop.Core.Auth;

/// <summary>
/// Removes the syslog prefix: BSD ("Mmm dd hh:mm:ss host tag[pid]: ", year inferred from a reference time, a date
/// in the future meaning last year, so Dec lines read in January stay in December), RFC 3339 / ISO stamps as
/// rsyslog writes them on newer Debian/Ubuntu, and RFC 5424 ("&lt;pri&gt;1 ts host app procid msgid [sd] msg").
/// Also accepts a leading "&lt;pri&gt;", no host (busybox -S), a facility token ("auth.info") and a tag without
/// the colon. One forward pass, no regex. Keeps a name pool and the last minute's stamp, so one instance serves
/// one thread at a time.
/// </summary>
public sealed class SyslogPrefixParser
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly TimeZoneInfo _zone;
    // Host and program names repeat on every line: one string each (per parser, so not shared across threads)
    private readonly StringPool _names = new(capacity: 1024, maxLength: 64);
    // The same host and program start almost every line: compare with the last one before hashing into the pool.
    private string? _lastHost, _lastProgram;
    // What came between the stamp and the tag of the last line whose first word was its host (" vps1 "): a line that
    // starts the same way has the same host, which is then neither tried as a tag nor looked up
    private readonly char[] _lastHostGap = new char[64];
    private int _lastHostGapLength;
    // Runs of lines with the same stamp or tag: their characters and what they gave
    private readonly char[] _lastStamp = new char[16];
    private int _lastStampLength;
    private DateTimeOffset _lastStampNow;
    private DateTimeOffset? _lastStampTime;
    private (int Month, int Day, int Hour, int Minute) _lastStampFields;
    private readonly char[] _lastTag = new char[64];
    private int _lastTagLength = -1;
    private (string Program, int? Pid, bool Colon) _lastTagResult;
    // Lines come in time order: the last minute's local-to-offset conversion and year answer almost every stamp
    private (int Month, int Day, int Hour, int Minute, DateTimeOffset Now, DateTimeOffset? Time) _lastMinute = (0, 0, 0, 0, default, null);

    /// <param name="zone">The zone BSD stamps were written in (they carry none); local time when null.</param>
    public SyslogPrefixParser(TimeZoneInfo? zone = null) => _zone = zone ?? TimeZoneInfo.Local;

    /// <param name="now">The reference for year inference: the file's mtime, or the clock when following.</param>
    public bool TryParse(ReadOnlySpan<char> line, DateTimeOffset now, out SyslogPrefix prefix)
    {
        prefix = default;
        int i = 0;
        bool rfc5424 = false;
        if (line.Length > 0 && line[0] == '<')
        {
            int close = line[..Math.Min(line.Length, 6)].IndexOf('>');
            if (close < 2) return false;
            i = close + 1;
            if (line.Length > i + 1 && line[i] == '1' && line[i + 1] == ' ') { rfc5424 = true; i += 2; }
        }
        if (!TryTime(line, ref i, now, out DateTimeOffset? time)) return false;
        if (rfc5424) return TryRfc5424(line, i, time, out prefix);

        // host? facility? tag. A fresh index, not i: i is passed by reference, so every step through it went to memory.
        string? host = null;
        int at = i, first = 0;
        if (_lastHostGapLength > 0 && ShortChars.StartsWith(line[i..], _lastHostGap.AsSpan(0, _lastHostGapLength)))
        {
            host = _lastHost;
            at = i + _lastHostGapLength;
            first = 1;
        }
        for (int token = first; token < 3; token++)
        {
            while (at < line.Length && line[at] == ' ') at++;
            int start = at;
            int space = line[start..].IndexOf(' ');
            at = space < 0 ? line.Length : start + space;
            if (at == start) return false;
            var word = line[start..at];
            if (TryTag(word, out string program, out int? pid, out bool colon) && (colon || pid is not null))
            {
                int messageStart = at < line.Length ? at + 1 : at;
                prefix = new SyslogPrefix(time, host, program, pid, messageStart);
                return true;
            }
            if (token == 0)
            {
                host = Name(word, ref _lastHost);
                // the gap ends with the space after the host, so a longer first word never matches it
                int gap = at + 1 - i;
                if (at < line.Length && gap <= _lastHostGap.Length)
                {
                    line.Slice(i, gap).CopyTo(_lastHostGap);
                    _lastHostGapLength = gap;
                }
            }
        }
        return false;
    }

    private bool TryRfc5424(ReadOnlySpan<char> line, int i, DateTimeOffset? time, out SyslogPrefix prefix)
    {
        prefix = default;
        Span<Range> fields = stackalloc Range[3];
        for (int f = 0; f < 3; f++)
        {
            SkipSpaces(line, ref i);
            int start = i;
            while (i < line.Length && line[i] != ' ') i++;
            if (i == start) return false;
            fields[f] = start..i;
        }
        // msgid
        SkipSpaces(line, ref i);
        while (i < line.Length && line[i] != ' ') i++;
        SkipSpaces(line, ref i);
        // structured data: "-" or one or more [id k="v" ...] with \] escapes inside values
        if (i < line.Length && line[i] == '-') i++;
        else
        {
            while (i < line.Length && line[i] == '[')
            {
                bool quoted = false;
                for (i++; i < line.Length; i++)
                {
                    char c = line[i];
                    if (quoted && c == '\\') { i++; continue; }
                    if (c == '"') quoted = !quoted;
                    else if (c == ']' && !quoted) { i++; break; }
                }
            }
        }
        if (i < line.Length && line[i] == ' ') i++;
        if (i + 3 <= line.Length && line[i] == '\uFEFF') i++;
        string? host = line[fields[0]] is "-" ? null : _names.Get(line[fields[0]]);
        var app = line[fields[1]];
        var procid = line[fields[2]];
        int? pid = int.TryParse(procid, NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;
        prefix = new SyslogPrefix(time, host, _names.Get(app), pid, Math.Min(i, line.Length));
        return true;
    }

    private bool TryTime(ReadOnlySpan<char> line, ref int i, DateTimeOffset now, out DateTimeOffset? time)
    {
        time = null;
        var rest = line[i..];
        if (rest.Length >= 15 && char.IsAsciiLetter(rest[0]))
        {
            // Lines come several to a second: the same stamp characters (and reference) give the same time.
            if (_lastStampLength > 0 && ShortChars.StartsWith(rest, _lastStamp.AsSpan(0,
                _lastStampLength)) && now.Equals(_lastStampNow) && now.Offset == _lastStampNow.Offset)
            {
                time = _lastStampTime;
                i += _lastStampLength;
                return true;
            }
            // Most lines share the last one's minute: then only the seconds are new.
            int minuteLength = _lastStampLength - 2;
            if (minuteLength > 0 && rest.Length >= _lastStampLength && ShortChars.Equal(rest[..minuteLength], _lastStamp.AsSpan(0,
                minuteLength))
                && TwoDigits(rest.Slice(minuteLength, 2), out int seconds) && seconds <= 60)
            {
                var (m, d, h, min) = _lastStampFields;
                time = BsdTime(m, d, h, min, Math.Min(seconds, 59), now);
                i += _lastStampLength;
                rest.Slice(minuteLength, 2).CopyTo(_lastStamp.AsSpan(minuteLength));
                (_lastStampNow, _lastStampTime) = (now, time);
                return true;
            }
            int month = MonthIndex(rest[..3]);
            if (month < 0 || rest[3] != ' ') return false;
            int j = 4;
            if (rest[j] == ' ') j++;
            int day = 0, dstart = j;
            while (j < rest.Length && char.IsAsciiDigit(rest[j]) && j - dstart < 2) day = day * 10 + (rest[j++] - '0');
            if (j == dstart || j >= rest.Length || rest[j] != ' ' || day < 1 || day > 31) return false;
            j++;
            if (rest.Length < j + 8 || rest[j + 2] != ':' || rest[j + 5] != ':') return false;
            if (!TwoDigits(rest.Slice(j, 2), out int hh) || !TwoDigits(rest.Slice(j + 3, 2), out int mm) || !TwoDigits(rest.Slice(j + 6,
                2), out int ss)
                || hh > 23 || mm > 59 || ss > 60) return false;
            time = BsdTime(month + 1, day, hh, mm, Math.Min(ss, 59), now);
            i += j + 8;
            rest[..(j + 8)].CopyTo(_lastStamp);
            (_lastStampLength, _lastStampNow, _lastStampTime, _lastStampFields) = (j + 8, now, time, (month + 1, day, hh, mm));
            return true;
        }
        if (rest.Length >= 19 && char.IsAsciiDigit(rest[0]) && rest[4] == '-')
        {
            int end = rest.IndexOf(' ');
            if (end < 0) return false;
            var stamp = rest[..end];
            // macOS "2018-12-20 10:09:05.180218+0000": date and time separated by a space
            if (end == 10 && rest.Length > 19 && char.IsAsciiDigit(rest[11]))
            {
                int end2 = rest[11..].IndexOf(' ');
                if (end2 < 0) return false;
                end = 11 + end2;
                stamp = rest[..end];
            }
            if (DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
            {
                // a stamp without an offset is local to the writer, like BSD stamps
                bool hasOffset = stamp.Length > 19 && (stamp[^1] == 'Z' || stamp[19..].IndexOfAny('+', '-') >= 0);
                time = hasOffset ? parsed : Localize(parsed.DateTime);
            }
            else if (stamp is "-") time = null;
            else return false;
            i += end;
            return true;
        }
        if (rest.Length > 0 && rest[0] == '-') { i += 1; return true; }
        return false;
    }

    private static int MonthIndex(ReadOnlySpan<char> name)
    {
        // every line starts with one: a switch on the first letter, not twelve comparisons
        int m = name[0] switch
        {
            'J' => name[1] == 'a' ? 0 : name[2] == 'n' ? 5 : 6,
            'F' => 1,
            'M' => name[2] == 'r' ? 2 : 4,
            'A' => name[1] == 'p' ? 3 : 7,
            'S' => 8,
            'O' => 9,
            'N' => 10,
            'D' => 11,
            _ => -1,
        };
        return m >= 0 && name.SequenceEqual(Months[m]) ? m : -1;
    }

    /// <summary><see cref="InferYear"/> for the minute, remembered: the seconds within a minute never change the
    /// year or the zone offset (zones shift on whole minutes).</summary>
    private DateTimeOffset? BsdTime(int month, int day, int hour, int minute, int second, DateTimeOffset now)
    {
        var last = _lastMinute;
        if (last.Month != month || last.Day != day || last.Hour != hour || last.Minute != minute || last.Now != now
            || now.Offset != last.Now.Offset)
        {
            // second 0 decides for the whole minute, except near the "more than a day ahead" edge, which is decided per line
            last = (month, day, hour, minute, now, InferYear(month, day, hour, minute, 0, now));
            _lastMinute = last;
        }
        if (last.Time is not DateTimeOffset t) return InferYear(month, day, hour, minute, second, now);
        DateTimeOffset withSeconds = new(t.Ticks + second * TimeSpan.TicksPerSecond, t.Offset);
        return withSeconds.UtcTicks <= now.UtcTicks + TimeSpan.TicksPerDay ? withSeconds : InferYear(month, day, hour, minute, second, now);
    }

    /// <summary>BSD stamps have no year: take the reference year, and last year when that lands more than a day in
    /// the future (a December line read in January).</summary>
    public DateTimeOffset? InferYear(int month, int day, int hour, int minute, int second, DateTimeOffset now)
    {
        int year = now.Year;
        for (int attempt = 0; attempt < 2; attempt++, year--)
        {
            if (day > DateTime.DaysInMonth(year, month)) continue; // Feb 29 in a non-leap year
            DateTimeOffset t = Localize(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified));
            if (t <= now.AddDays(1)) return t;
        }
        return null;
    }

    private DateTimeOffset Localize(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset = _zone.IsInvalidTime(local) ? _zone.BaseUtcOffset : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1])) return false;
        value = (s[0] - '0') * 10 + (s[1] - '0');
        return true;
    }

    private static void SkipSpaces(ReadOnlySpan<char> line, ref int i)
    {
        while (i < line.Length && line[i] == ' ') i++;
    }

    /// <summary>"sshd[123]:", "sshd-session[9]", "sshd:", "sshd(pam_unix)[1]:".</summary>
    private bool TryTag(ReadOnlySpan<char> word, out string program, out int? pid, out bool colon)
    {
        // a connection's lines come in runs with the same tag
        if (ShortChars.Equal(word, _lastTag.AsSpan(0, Math.Max(_lastTagLength, 0))))
        {
            (program, pid, colon) = _lastTagResult;
            return true;
        }
        if (!TryTagUncached(word, out program, out pid, out colon)) return false;
        if (word.Length <= _lastTag.Length)
        {
            word.CopyTo(_lastTag);
            (_lastTagLength, _lastTagResult) = (word.Length, (program, pid, colon));
        }
        return true;
    }

    private bool TryTagUncached(ReadOnlySpan<char> word, out string program, out int? pid, out bool colon)
    {
        program = "";
        pid = null;
        colon = word.Length > 1 && word[^1] == ':';
        if (colon) word = word[..^1];
        int open = word.IndexOf('[');
        if (open > 0 && word[^1] == ']')
        {
            if (!AsciiNumber.TryParse(word[(open + 1)..^1], 9, out int p)) return false;
            pid = p;
            word = word[..open];
        }
        else if (!colon) return false;
        if (word.Length == 0 || word.Length > 48) return false;
        program = Name(word, ref _lastProgram);
        return true;
    }

    private string Name(ReadOnlySpan<char> word, ref string? last)
    {
        if (last is not null && ShortChars.Equal(word, last)) return last;
        return last = _names.Get(word);
    }
}
