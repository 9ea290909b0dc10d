using System.Diagnostics;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Suspicion;

namespace VpsTop.Core.Traffic;

/// <summary>
/// Runs the Bandwidth pipeline on its own thread: every tick it refreshes the socket table and its owners, takes
/// each source's interval, credits it to processes and publishes a <see cref="BandwidthSnapshot"/>. Between
/// ticks, when a source reports a flow it has not seen before, it looks up only the new sockets and only the
/// processes started since the last full scan (at most a few times a second, with a full walk only when that
/// finds nothing) — so a process that lives for a fraction of a second is still named, and a flood of new flows
/// does not turn into a /proc walk per flow.
/// </summary>
public sealed class BandwidthCollector : Collector<BandwidthSnapshot>
{
    // New flows are looked up at once (a transfer over a fast link is over in milliseconds), but a burst of them —
    // a scan, a flood — is paced: a bucket of a few lookups refilled at ten per second.
    private const double QuickBurst = 4, QuickPerSecond = 10;
    private static readonly TimeSpan FullScanSpacing = TimeSpan.FromMilliseconds(300);

    private readonly IReadOnlyList<IFlowSource> _sources;
    private readonly ISocketSource _sockets;
    private readonly SocketOwnerScanner _owners;
    private readonly ConnectionsCollector _connections;
    private readonly ProcessReader _reader;
    private readonly SocketIndex _index;
    private readonly TrafficAttributor _attributor = new();
    private readonly TrafficHistory _history;
    private readonly TrafficSourceStatus _status;
    private readonly Func<IEnumerable<NetAddress>>? _localAddresses;
    private readonly SuspicionAnalyzer? _suspicion;
    private Dictionary<string, IReadOnlyList<SuspicionReason>> _reasons = [];
    private Task? _suspicionReady;

    private bool SuspicionReady => _suspicionReady is { IsCompleted: true };
    private long _ticks;
    private bool _looping;
    private readonly List<SocketEntry> _quickBuffer = new(1024);
    private readonly List<Connection> _quickFound = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _quickTokens = QuickBurst;
    private TimeSpan _lastQuick, _lastFullScan, _lastTick;
    private ConnectionsSnapshot _latestConnections = ConnectionsSnapshot.Empty;

    public BandwidthCollector(IReadOnlyList<IFlowSource> sources, ISocketSource sockets, ProcessReader reader,
        TimeSpan? tick = null, TrafficSourceStatus? status = null, Func<IEnumerable<NetAddress>>? localAddresses = null,
        SuspicionAnalyzer? suspicion = null)
        : base("bandwidth", BandwidthSnapshot.Empty(status ?? StatusOf(sources)))
    {
        _suspicion = suspicion;
        _sources = sources;
        _sockets = sockets;
        _reader = reader;
        _owners = new SocketOwnerScanner(reader.Root, reader);
        _connections = new ConnectionsCollector(sockets, _owners, reader.UserName);
        _index = new SocketIndex();
        _localAddresses = localAddresses;
        _history = new TrafficHistory();
        Tick = tick ?? TimeSpan.FromSeconds(1);
        _status = status ?? StatusOf(sources);
        foreach (var s in sources) s.NewFlowSignal = Wake;
    }

    private static TrafficSourceStatus StatusOf(IReadOnlyList<IFlowSource> sources) =>
        new() { Description = string.Join(", ", sources.Select(s => s.Description)) };

    public TimeSpan Tick { get; }

    /// <summary>The socket table of the last tick: the Connections pane reads it instead of walking /proc a second
    /// time each second.</summary>
    public ConnectionsSnapshot LatestConnections => Volatile.Read(ref _latestConnections);

    /// <summary>The socket table of each tick as a feed of its own; F5 on it asks this collector for a tick.</summary>
    public ISnapshotFeed<ConnectionsSnapshot> ConnectionsFeed => _connectionsFeed ??= new SocketTableFeed(this);

    private SocketTableFeed? _connectionsFeed;

    private sealed class SocketTableFeed(BandwidthCollector owner) : ISnapshotFeed<ConnectionsSnapshot>
    {
        public ConnectionsSnapshot Latest => owner.LatestConnections;
        public long Version => owner.Version;
        public void CollectNow() => owner.CollectNow();
    }

    /// <summary>Starts the captures now, on the caller's thread (traffic not counted now cannot be counted later).</summary>
    protected override void OnStarting()
    {
        foreach (var s in _sources) s.Start();
        // Loading dpkg's database takes half a second: done aside, so this thread keeps naming new flows meanwhile.
        if (_suspicion is { } suspicion)
            _suspicionReady = Task.Run(() =>
            {
                _ = suspicion.Packages.PathCount;
                // Reading dpkg's 130,000 lines leaves tens of MB of garbage that a quiet monitor would otherwise keep
                // resident for hours: give it back once, now.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            });
        _lastTick = _clock.Elapsed;
        // The first interval runs from each capture's start: nothing seen before the first tick is thrown away.
        RefreshSockets();
    }

    /// <summary>A tick when one is due (or F5 asked); before that, a wake-up means a source saw flows it had not seen
    /// before: their sockets are looked up at once, paced so that a scan or a flood is not a lookup per flow.</summary>
    protected override TimeSpan Step(bool collectNow)
    {
        var untilTick = _lastTick + Tick - _clock.Elapsed;
        if (collectNow || untilTick <= TimeSpan.Zero)
        {
            TakeTick();
            return Tick;
        }
        if (!_looping)
        {
            // The loop's first step: nothing woke it, so there is nothing new to look up yet.
            _looping = true;
            return untilTick;
        }
        var now = _clock.Elapsed;
        _quickTokens = Math.Min(QuickBurst, _quickTokens + (now - _lastQuick).TotalSeconds * QuickPerSecond);
        if (_quickTokens < 1)
        {
            Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds((1 - _quickTokens) / QuickPerSecond));
            _quickTokens = 1;
        }
        _quickTokens--;
        if (Stopping.IsCancellationRequested) return TimeSpan.Zero;
        ResolveNewSockets();
        return _lastTick + Tick - _clock.Elapsed;
    }

    /// <summary>Collects one tick now on the calling thread (the CLI's last partial second; tests).</summary>
    public BandwidthSnapshot TakeTick(bool waitForSuspicion = false)
    {
        if (waitForSuspicion && _suspicionReady is { } loading)
        {
            loading.Wait();
            lock (_history) RefreshSockets(); // the socket checks need one refresh with the database in place
        }
        lock (_history)
        {
            var now = _clock.Elapsed;
            var duration = now - _lastTick;
            _lastTick = now;
            // The counters first, then the socket table: every socket the interval counted was open before the table is
            // read, so a connection opened while the table was being read (tens of ms on a busy box) is not left
            // without its process (seen: 200 KB of a 4 MB upload credited to "no socket").
            var intervals = new List<(string Device, FlowInterval Interval)>(_sources.Count);
            foreach (var source in _sources) intervals.Add((source.Device, source.TakeInterval()));
            var problems = RefreshSockets();
            var measured = new List<(string, AttributedInterval)>(_sources.Count);
            foreach (var (device, interval) in intervals) measured.Add((device, _attributor.Attribute(interval, _index)));
            _history.Record(duration, measured);
            long drops = 0;
            foreach (var s in _sources) drops += s.KernelDrops;
            var snapshot = _history.Snapshot(DateTimeOffset.UtcNow, _status with { KernelDrops = drops }, IsAlive, problems);
            // Until the package database is loaded rows carry no reasons yet (the CLI's one-shot run waits for it).
            if (_suspicion is not null && SuspicionReady) snapshot = WithReasons(snapshot, _suspicion);
            Publish(snapshot);
            return Latest;
        }
    }

    /// <summary>
    /// Judges each row's process here, on the collector thread (the first call loads the package database, which
    /// must not stall the screen), so the CLI and the pane show the same reasons. An exited process keeps the
    /// reasons it had while it ran.
    /// </summary>
    private BandwidthSnapshot WithReasons(BandwidthSnapshot snapshot, SuspicionAnalyzer suspicion)
    {
        var reasons = new Dictionary<string, IReadOnlyList<SuspicionReason>>(snapshot.Rows.Count);
        var rows = new List<BandwidthRow>(snapshot.Rows.Count);
        foreach (var row in snapshot.Rows)
        {
            if (row.Process is not { } p)
            {
                rows.Add(row);
                continue;
            }
            var found = !row.Exited ? suspicion.Assess(p) : _reasons.GetValueOrDefault(row.Key, []);
            reasons[row.Key] = found;
            rows.Add(found.Count == 0 ? row : row with { Reasons = found });
        }
        _reasons = reasons;
        return snapshot with { Rows = rows };
    }

    private IReadOnlyList<string> RefreshSockets()
    {
        // This namespace's own addresses tell "no socket here" from "another namespace's traffic"; they change
        // rarely (DHCP, privacy addresses), so they are re-read every ten ticks.
        if (_localAddresses is not null && _ticks++ % 10 == 0) _index.AddLocalAddresses(_localAddresses());
        var table = _connections.Collect();
        Volatile.Write(ref _latestConnections, table);
        // Not while the package database loads: its lock would stall this thread, and with it the naming of new flows.
        if (_suspicion is not null && SuspicionReady && table.OwnerScan is { } scan)
            _suspicion.RefreshSockets(scan, table.Connections.Select(c => c.Socket));
        _lastFullScan = _clock.Elapsed;
        _index.Merge(table.Connections, complete: true);
        return table.Problems;
    }

    /// <summary>New flows appeared: find their sockets and owners while the processes still run.</summary>
    private void ResolveNewSockets()
    {
        lock (_history)
        {
            _lastQuick = _clock.Elapsed;
            _quickBuffer.Clear();
            _sockets.Read(_quickBuffer);
            _quickFound.Clear();
            SocketOwnerScan? scan = null;
            foreach (var s in _quickBuffer)
            {
                if (s.Inode == 0 || s.IsListening) continue;
                var known = _index.Find((byte)s.Proto, s.LocalAddress.Folded, s.LocalPort, s.RemoteAddress.Folded, s.RemotePort,
                    out var rule);
                if (known is not null && rule == AttributionRule.Exact && known.Owners.Count > 0) continue;
                scan ??= _owners.ScanNewProcesses();
                var owners = OwnersOf(s.Inode, scan);
                if (owners.Count == 0 && _clock.Elapsed - _lastFullScan >= FullScanSpacing)
                {
                    // Not a new process: an older one opened it. One full walk covers every such socket at once.
                    scan = _owners.Scan();
                    _lastFullScan = _clock.Elapsed;
                    owners = OwnersOf(s.Inode, scan);
                }
                _quickFound.Add(new Connection(s, owners, owners.Count == 0 ? "not found yet" : null));
            }
            if (_quickFound.Count > 0) _index.Merge(_quickFound, complete: false);
        }
    }

    private static IReadOnlyList<ProcessIdentity> OwnersOf(ulong inode, SocketOwnerScan scan)
    {
        if (!scan.PidsByInode.TryGetValue(inode, out int[]? pids)) return [];
        var owners = new List<ProcessIdentity>(pids.Length);
        foreach (int pid in pids)
            if (scan.Processes.TryGetValue(pid, out var p)) owners.Add(p);
        return owners;
    }

    private bool IsAlive(int pid, ulong start) => _reader.TryReadStartTime(pid, out ulong now) && now == start;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var s in _sources) s.Dispose();
    }
}
