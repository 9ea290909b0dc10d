namespace VpsTop.Core.Collection;

/// <summary>
/// A collector's own recent failures, bounded: each distinct message once with how often it happened, the oldest
/// dropped past <see cref="Capacity"/>, and each forgotten a while after it last happened, so a failure is seen on
/// screen even when the next attempt succeeds, yet a long-running monitor does not accumulate them.
/// </summary>
public sealed class ProblemLog(int capacity = 8, TimeSpan? keep = null)
{
    private readonly List<Entry> _entries = [];
    private readonly TimeSpan _keep = keep ?? TimeSpan.FromMinutes(1);

    public int Capacity { get; } = capacity;

    public void Add(string message, DateTimeOffset now)
    {
        lock (_entries)
        {
            for (int i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Message != message) continue;
                _entries[i] = _entries[i] with { Count = _entries[i].Count + 1, Last = now };
                return;
            }
            if (_entries.Count == Capacity) _entries.RemoveAt(0);
            _entries.Add(new Entry(message, 1, now));
        }
    }

    /// <summary>The failures still worth showing at <paramref name="now"/>, oldest first ("… (3 times)" when repeated).</summary>
    public IReadOnlyList<string> Current(DateTimeOffset now)
    {
        lock (_entries)
        {
            _entries.RemoveAll(e => now - e.Last > _keep);
            if (_entries.Count == 0) return [];
            var lines = new string[_entries.Count];
            for (int i = 0; i < lines.Length; i++)
                lines[i] = _entries[i].Count == 1 ? _entries[i].Message : $"{_entries[i].Message} ({_entries[i].Count} times)";
            return lines;
        }
    }

    private readonly record struct Entry(string Message, int Count, DateTimeOffset Last);
}
