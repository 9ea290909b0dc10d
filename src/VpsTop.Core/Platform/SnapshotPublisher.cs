namespace VpsTop.Core.Platform;

/// <summary>
/// Runs a collector on its own background thread at a fixed cadence and publishes each immutable
/// snapshot. Readers (the UI timer) take <see cref="Latest"/> and compare <see cref="Version"/> to redraw
/// only when something new arrived. Collectors never touch the UI; the UI never touches /proc.
/// </summary>
public sealed class SnapshotPublisher<T> : IDisposable where T : class
{
    private readonly Func<T> _collect;
    private readonly Func<Exception, T>? _onError;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private Thread? _thread;
    private T _latest;
    private long _version;

    public SnapshotPublisher(Func<T> collect, T initial, TimeSpan interval, Func<Exception, T>? onError = null)
    {
        _collect = collect;
        _latest = initial;
        _onError = onError;
        Interval = interval;
    }

    public TimeSpan Interval { get; set; }
    public T Latest => Volatile.Read(ref _latest);

    /// <summary>Increments with every published snapshot; 0 until the first one.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Raised on the collector thread after each publish.</summary>
    public event Action? Published;

    public void Start(string name)
    {
        if (_thread is not null) return;
        _thread = new Thread(Loop) { IsBackground = true, Name = name, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Collect now instead of waiting for the rest of the interval (F5).</summary>
    public void RefreshNow() => _wake.Set();

    /// <summary>Collects once on the calling thread and publishes (used by the CLI and tests).</summary>
    public T CollectOnce()
    {
        T snapshot;
        try { snapshot = _collect(); }
        catch (Exception e) when (_onError is not null) { snapshot = _onError(e); }
        Volatile.Write(ref _latest, snapshot);
        Interlocked.Increment(ref _version);
        Published?.Invoke();
        return snapshot;
    }

    private void Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            CollectOnce();
            _wake.Wait(Interval);
            _wake.Reset();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _wake.Set();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
        _wake.Dispose();
    }
}
