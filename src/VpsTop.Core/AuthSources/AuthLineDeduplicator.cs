namespace VpsTop.Core.AuthSources;

/// <summary>
/// Counts each event once when the journal and a syslog file both carry it (rsyslog next to journald writes every
/// sshd line to both). An event is keyed by (local wall-clock second, PID, message text). Each side keeps a count
/// of its admitted-but-unmatched lines per key, and a line from one side first cancels one unmatched line of the
/// other side, so a brute-forcer's identical "Failed password" lines in the same second still count as often as
/// they happened. The journal stamps reception, the file sshd's own send time, so a journal line may be one second
/// later: the file side also matches the next second. Lines without a parseable header are always counted.
/// </summary>
public sealed class AuthLineDeduplicator
{
    private readonly record struct Key(int Second, int Pid, string Message);

    private readonly Dictionary<Key, (int Journal, int File)> _unmatched = [];
    private readonly Queue<Key> _age = new();
    private readonly int _capacity;
    private readonly Auth.SyslogPrefixParser _prefixes = new();

    /// <param name="capacity">Keys remembered; older ones are forgotten, so memory stays bounded during a flood.</param>
    public AuthLineDeduplicator(int capacity = 100_000) => _capacity = capacity;

    /// <summary>True when the line is an event not yet counted from the other source.</summary>
    public bool Admit(in LogLine line)
    {
        if (line.IsGap) return false;
        if (line.Journal is { } j)
        {
            if (j.Pid is not { } pid) return true;
            DateTime local = DateTimeOffset.FromUnixTimeMilliseconds(j.RealtimeMicroseconds / 1000).ToLocalTime().DateTime;
            int second = WallSecond(local.Month, local.Day, (int)local.TimeOfDay.TotalSeconds);
            return Take(new Key(second, pid, line.Text), new Key(second - 1, pid, line.Text), fromJournal: true);
        }
        if (!_prefixes.TryParse(line.Text, DateTimeOffset.Now, out Auth.SyslogPrefix prefix) || prefix.Pid is not { } filePid
            || prefix.Time is not { } time)
            return true;
        DateTime wall = time.ToLocalTime().DateTime;
        int s = WallSecond(wall.Month, wall.Day, (int)wall.TimeOfDay.TotalSeconds);
        string message = line.Text[prefix.MessageStart..];
        return Take(new Key(s, filePid, message), new Key(s + 1, filePid, message), fromJournal: false);
    }

    private bool Take(Key same, Key neighbour, bool fromJournal)
    {
        if (CancelOther(same, fromJournal) || CancelOther(neighbour, fromJournal)) return false;
        _unmatched.TryGetValue(same, out var counts);
        if (counts == default) Remember(same);
        _unmatched[same] = fromJournal ? (counts.Journal + 1, counts.File) : (counts.Journal, counts.File + 1);
        return true;
    }

    private bool CancelOther(Key key, bool fromJournal)
    {
        if (!_unmatched.TryGetValue(key, out var c)) return false;
        if (fromJournal ? c.File == 0 : c.Journal == 0) return false;
        _unmatched[key] = fromJournal ? (c.Journal, c.File - 1) : (c.Journal - 1, c.File);
        return true;
    }

    private void Remember(Key key)
    {
        _age.Enqueue(key);
        while (_age.Count > _capacity) _unmatched.Remove(_age.Dequeue());
    }

    private static int WallSecond(int month, int day, int secondOfDay) => (month * 32 + day) * 86400 + secondOfDay;
}
