using System.Globalization;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Turns attributed intervals into stable rows with totals since start and 2 s / 10 s / 40 s rates (iftop's
/// windows), keyed by process identity (PID + start time) so a reused PID never inherits a row. A row stays for
/// <c>rowRetention</c> after its last byte, marked exited when its process is gone, so short-lived processes
/// remain named; an exited process that moved a lot (the uploader just killed) stays ten times as long, so its total
/// is still on screen while the admin deals with what it did. Not thread-safe: the bandwidth collector's thread owns it.
/// </summary>
public sealed class TrafficHistory
{
    /// <summary>Ticks kept per row: enough for the 40 s window at one tick per second.</summary>
    public const int Ticks = 40;

    private readonly record struct RowKey(int Pid, ulong Start, string? Reason);

    private sealed class RowState(ProcessIdentity? process, string? reason, string key)
    {
        public readonly ProcessIdentity? Process = process;
        public readonly string? Reason = reason;
        public readonly string Key = key;
        public readonly ByteSeries Series = new(Ticks);
        public readonly List<string> Devices = [];
        public bool Exited;
    }

    private sealed class FlowState(ConversationTraffic first)
    {
        public ConversationTraffic Last = first;
        public readonly ByteSeries Series = new(Ticks);
    }

    private readonly Dictionary<RowKey, RowState> _rows = [];
    private readonly Dictionary<ConversationKey, FlowState> _flows = [];
    private readonly ByteSeries _total = new(Ticks);
    private readonly double[] _seconds = new double[Ticks];
    private readonly List<RowKey> _staleRows = [];
    private readonly List<ConversationKey> _staleFlows = [];
    private readonly int _retentionTicks;
    private readonly long _heavyBytes;
    private readonly int _maxFlows;
    private long _tick = -1;
    private TimeSpan _elapsed;

    public TrafficHistory(int retentionTicks = 60, int maxFlows = 4096, long heavyBytes = 1 << 20)
    {
        _retentionTicks = retentionTicks;
        _heavyBytes = heavyBytes;
        _maxFlows = maxFlows;
    }

    /// <summary>Records one tick: what each source measured over <paramref name="duration"/>.</summary>
    public void Record(TimeSpan duration, IReadOnlyList<(string Device, AttributedInterval Interval)> measured)
    {
        _tick++;
        _elapsed += duration;
        _seconds[_tick % Ticks] = duration.TotalSeconds;
        long sentTotal = 0, receivedTotal = 0;
        foreach (var (device, interval) in measured)
        {
            foreach (var p in interval.Processes)
            {
                var key = p.Process is { } id ? new RowKey(id.Pid, id.StartTimeTicks, null) : new RowKey(0, 0, p.UnknownReason);
                if (!_rows.TryGetValue(key, out var row))
                {
                    string text = p.Process is { } i
                        ? string.Create(CultureInfo.InvariantCulture, $"{i.Pid}:{i.StartTimeTicks}")
                        : "unknown:" + p.UnknownReason;
                    _rows[key] = row = new RowState(p.Process, p.UnknownReason, text);
                }
                row.Series.Add(_tick, p.SentBytes, p.ReceivedBytes);
                if (!row.Devices.Contains(device)) row.Devices.Add(device);
                // Each byte is credited once per end; the total counts the wire once, from the interval itself.
            }
            foreach (var c in interval.Conversations)
            {
                if (!_flows.TryGetValue(c.Key, out var flow)) _flows[c.Key] = flow = new FlowState(c);
                if (c.Process is not null || flow.Last.Process is null) flow.Last = c;
                flow.Series.Add(_tick, c.SentBytes, c.ReceivedBytes);
            }
            (long s, long r) = Split(interval);
            sentTotal += s;
            receivedTotal += r;
        }
        _total.Add(_tick, sentTotal, receivedTotal);
        Prune();
    }

    /// <summary>Wire bytes of the interval split by direction: sent when a process (or this host) sent it.</summary>
    private static (long Sent, long Received) Split(AttributedInterval interval)
    {
        long sent = 0, received = 0;
        foreach (var c in interval.Conversations)
        {
            sent += c.SentBytes;
            received += c.ReceivedBytes;
        }
        // Loopback traffic is credited to both ends (sent by one, received by the other): count it once.
        long total = interval.Interval.Bytes;
        long sum = sent + received;
        if (sum > total && sum > 0)
        {
            sent = (long)Math.Round((double)sent * total / sum);
            received = total - sent;
        }
        return (sent, received);
    }

    private void Prune()
    {
        foreach (var (key, row) in _rows)
        {
            bool heavy = row.Exited && row.Series.TotalSent + row.Series.TotalReceived >= _heavyBytes;
            if (_tick - row.Series.LastActiveTick > (heavy ? 10 * _retentionTicks : _retentionTicks)) _staleRows.Add(key);
        }
        foreach (var key in _staleRows) _rows.Remove(key);
        _staleRows.Clear();

        foreach (var (key, flow) in _flows)
            if (_tick - flow.Series.LastActiveTick > _retentionTicks) _staleFlows.Add(key);
        // Under a scan or a spoofed flood every packet is a new flow: keep the table bounded, dropping the idlest.
        if (_flows.Count - _staleFlows.Count > _maxFlows)
        {
            var byActivity = _flows.Where(f => !_staleFlows.Contains(f.Key))
                .OrderBy(f => f.Value.Series.LastActiveTick).ThenBy(f => f.Value.Series.TotalSent + f.Value.Series.TotalReceived)
                .Take(_flows.Count - _staleFlows.Count - _maxFlows).Select(f => f.Key).ToList();
            _staleFlows.AddRange(byActivity);
        }
        foreach (var key in _staleFlows) _flows.Remove(key);
        _staleFlows.Clear();
    }

    private Rates RateOf(ByteSeries series, bool sent)
    {
        return new Rates(Rate(2), Rate(10), Rate(40));

        double Rate(int window)
        {
            int ticks = (int)Math.Min(window, _tick + 1);
            double seconds = 0;
            for (long t = _tick - ticks + 1; t <= _tick; t++) seconds += _seconds[t % Ticks];
            if (seconds <= 0) return 0;
            var (s, r) = series.Sum(_tick, ticks);
            return (sent ? s : r) / seconds;
        }
    }

    /// <summary>The current rows, busiest first. <paramref name="isAlive"/> says whether (PID, start time) still runs.</summary>
    public BandwidthSnapshot Snapshot(DateTimeOffset now, TrafficSourceStatus source, Func<int, ulong, bool> isAlive,
        IReadOnlyList<string>? problems = null)
    {
        long tick = Math.Max(_tick, 0);
        var rows = new List<BandwidthRow>(_rows.Count);
        foreach (var row in _rows.Values)
        {
            if (row.Process is { } p && !row.Exited && !isAlive(p.Pid, p.StartTimeTicks)) row.Exited = true;
            rows.Add(new BandwidthRow
            {
                Key = row.Key, Process = row.Process, UnknownReason = row.Reason,
                SentBytes = row.Series.TotalSent, ReceivedBytes = row.Series.TotalReceived,
                SentRate = RateOf(row.Series, sent: true), ReceivedRate = RateOf(row.Series, sent: false),
                History = row.Series.History(tick, Ticks), Exited = row.Exited, Devices = string.Join(",", row.Devices),
            });
        }
        rows.Sort((a, b) => b.TotalBytes.CompareTo(a.TotalBytes));

        var flows = new List<FlowRow>(_flows.Count);
        foreach (var flow in _flows.Values)
            flows.Add(new FlowRow
            {
                Key = flow.Last.Key, Process = flow.Last.Process, UnknownReason = flow.Last.UnknownReason, Rule = flow.Last.Rule,
                SentBytes = flow.Series.TotalSent, ReceivedBytes = flow.Series.TotalReceived,
                SentRate = RateOf(flow.Series, sent: true), ReceivedRate = RateOf(flow.Series, sent: false),
            });
        flows.Sort((a, b) => (b.SentBytes + b.ReceivedBytes).CompareTo(a.SentBytes + a.ReceivedBytes));

        return new BandwidthSnapshot
        {
            TakenAt = now, Elapsed = _elapsed, Source = source, Rows = rows, Flows = flows,
            TotalSent = _total.TotalSent, TotalReceived = _total.TotalReceived,
            TotalSentRate = RateOf(_total, sent: true), TotalReceivedRate = RateOf(_total, sent: false),
            SentHistory = Directional(tick, sent: true), ReceivedHistory = Directional(tick, sent: false),
            Problems = problems ?? [],
        };
    }

    private long[] Directional(long now, bool sent)
    {
        var history = new long[Ticks];
        for (int k = 0; k < Ticks; k++)
        {
            long t = now - Ticks + 1 + k;
            if (t < 0) continue;
            var (s, r) = _total.Sum(t, 1);
            history[k] = sent ? s : r;
        }
        return history;
    }
}
