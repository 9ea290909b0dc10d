namespace VpsTop.Core.Collection;

/// <summary>A feed whose snapshot is set by its owner: what a pane shows when there is nothing to collect (no capture
/// possible, and why), and what screen tests drive by hand.</summary>
public sealed class HeldFeed<T>(T snapshot) : ISnapshotFeed<T> where T : class
{
    private T _latest = snapshot;
    private long _version = 1;

    public T Latest => Volatile.Read(ref _latest);
    public long Version => Interlocked.Read(ref _version);

    /// <summary>How many times F5 asked for a new snapshot.</summary>
    public int CollectNowRequests { get; private set; }

    public void CollectNow() => CollectNowRequests++;

    public void Set(T snapshot)
    {
        Volatile.Write(ref _latest, snapshot);
        Interlocked.Increment(ref _version);
    }
}
