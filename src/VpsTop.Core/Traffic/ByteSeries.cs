namespace VpsTop.Core.Traffic;

/// <summary>
/// Sent and received bytes of one row per tick, for the last <see cref="Capacity"/> ticks, plus totals since start.
/// A ring indexed by the collector's tick number: a row with no traffic in a tick simply has no write for it, and
/// reads treat ticks after its last write as zero.
/// </summary>
internal sealed class ByteSeries(int capacity)
{
    private readonly long[] _sent = new long[capacity];
    private readonly long[] _received = new long[capacity];
    private long _lastTick = -1;

    public int Capacity => _sent.Length;
    public long TotalSent { get; private set; }
    public long TotalReceived { get; private set; }

    /// <summary>The last tick with any bytes, or -1.</summary>
    public long LastActiveTick { get; private set; } = -1;

    public void Add(long tick, long sent, long received)
    {
        if (tick != _lastTick)
        {
            // Zero the buckets of the ticks this row skipped (at most the whole ring).
            long from = Math.Max(_lastTick + 1, tick - Capacity + 1);
            for (long t = from; t <= tick; t++)
            {
                int i = (int)(t % Capacity);
                _sent[i] = 0;
                _received[i] = 0;
            }
            _lastTick = tick;
        }
        int at = (int)(tick % Capacity);
        _sent[at] += sent;
        _received[at] += received;
        TotalSent += sent;
        TotalReceived += received;
        if (sent + received > 0) LastActiveTick = tick;
    }

    /// <summary>Bytes sent and received in the <paramref name="ticks"/> ticks ending at <paramref name="now"/>.</summary>
    public (long Sent, long Received) Sum(long now, int ticks)
    {
        long sent = 0, received = 0;
        for (long t = Math.Max(0, now - ticks + 1); t <= Math.Min(now, _lastTick); t++)
        {
            if (t <= _lastTick - Capacity) continue;
            int i = (int)(t % Capacity);
            sent += _sent[i];
            received += _received[i];
        }
        return (sent, received);
    }

    /// <summary>Sent+received per tick, oldest first, for the <paramref name="ticks"/> ticks ending at <paramref name="now"/>.</summary>
    public long[] History(long now, int ticks)
    {
        var history = new long[ticks];
        for (int k = 0; k < ticks; k++)
        {
            long t = now - ticks + 1 + k;
            if (t < 0 || t > _lastTick || t <= _lastTick - Capacity) continue;
            int i = (int)(t % Capacity);
            history[k] = _sent[i] + _received[i];
        }
        return history;
    }
}
