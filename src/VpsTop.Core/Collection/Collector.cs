namespace VpsTop.Core.Collection;

/// <summary>
/// The one way a background collector runs and publishes. It owns the thread, the latest snapshot and its version,
/// the "collect now" request and the error policy: a step that throws becomes a problem line on the next published
/// snapshot (bounded, see <see cref="ProblemLog"/>) and the loop goes on after a pause; nothing escapes the thread.
/// A subclass only says how to do one step and how long to wait before the next.
/// </summary>
public abstract class Collector<T> : ISnapshotFeed<T>, IDisposable where T : class, IProblemCarrier<T>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ProblemLog _failures = new();
    private readonly string _name;
    private Thread? _thread;
    private T _latest;
    private T _collected;
    private long _version;
    private volatile bool _collectNowRequested;

    /// <param name="name">What is collected, in words ("bandwidth"): names the thread and the failure lines.</param>
    protected Collector(string name, T initial)
    {
        _name = name;
        _latest = _collected = initial;
    }

    public T Latest => Volatile.Read(ref _latest);
    public long Version => Interlocked.Read(ref _version);

    /// <summary>How long the loop pauses after a failed step before trying again.</summary>
    protected virtual TimeSpan FailurePause => TimeSpan.FromSeconds(1);

    /// <summary>Set when the collector is disposed; a step that blocks waits on it.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Wakes the loop before its wait is over; a source that sees something new sets it.</summary>
    protected ManualResetEventSlim Wake => _wake;

    /// <summary>Raised on the collecting thread after each publish.</summary>
    public event Action? Published;

    /// <summary>Starts the loop on a background thread.</summary>
    /// <param name="after">Wait this long first (the TUI lets its first frame have the CPU).</param>
    public void Start(TimeSpan after = default)
    {
        if (_thread is not null) return;
        OnStarting();
        _thread = new Thread(() => Run(after)) { IsBackground = true, Name = "vpstop-" + _name, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    public void CollectNow()
    {
        _collectNowRequested = true;
        _wake.Set();
    }

    /// <summary>Runs in <see cref="Start"/> on the caller's thread, before the loop's thread exists.</summary>
    protected virtual void OnStarting()
    {
    }

    /// <summary>Runs once on the loop's thread before the first step (opening sources).</summary>
    protected virtual void Open()
    {
    }

    /// <summary>One step: collect, <see cref="Publish"/> what there is, and say how long to wait before the next step
    /// (<see cref="TimeSpan.Zero"/>: go on at once). <paramref name="collectNow"/> is true when F5 asked for a snapshot.</summary>
    protected abstract TimeSpan Step(bool collectNow);

    /// <summary>Publishes a snapshot with this collector's recent failures added to its problems.</summary>
    protected void Publish(T snapshot)
    {
        Volatile.Write(ref _collected, snapshot);
        var failures = _failures.Current(DateTimeOffset.UtcNow);
        Volatile.Write(ref _latest, failures.Count == 0 ? snapshot : snapshot.WithProblems([.. failures, .. snapshot.Problems]));
        Interlocked.Increment(ref _version);
        Published?.Invoke();
    }

    /// <summary>Records a failure of a thread the collector runs besides its loop; the next snapshot shows it.</summary>
    protected void Fail(Exception e) => _failures.Add($"{_name} collection failed: {e.Message}", DateTimeOffset.UtcNow);

    private void Run(TimeSpan after)
    {
        if (after > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(after)) return;
        if (!Guarded(() => { Open(); return TimeSpan.Zero; }, out _)) WaitOrStop(FailurePause);
        while (!_stop.IsCancellationRequested)
        {
            bool collectNow = _collectNowRequested;
            _collectNowRequested = false;
            if (!Guarded(() => Step(collectNow), out var wait)) wait = FailurePause;
            if (wait > TimeSpan.Zero) WaitOrStop(wait);
        }
    }

    private bool Guarded(Func<TimeSpan> step, out TimeSpan wait)
    {
        try
        {
            wait = step();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A collector that dies silently leaves a frozen pane: say what broke, in words, and keep going.
            Fail(e);
            Publish(Volatile.Read(ref _collected));
            wait = FailurePause;
            return false;
        }
    }

    private void WaitOrStop(TimeSpan wait)
    {
        try
        {
            _wake.Wait(wait, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _wake.Reset();
    }

    /// <summary>Stops the loop (waiting briefly for the step under way), then releases the subclass's sources.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _wake.Set();
        _thread?.Join(TimeSpan.FromSeconds(3));
        Dispose(true);
        _stop.Dispose();
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
