using System.Runtime;

namespace VpsTop.Cli;

/// <summary>
/// No garbage collection during one batch job whose heap is its result (the per-IP summary of a big log): a collection
/// in the middle only re-marks what stays, and stops every thread while it does (about 4% of a 1 GB summary, most of
/// it one compacting collection of everything). Bounded: past the budget the collector takes over again, and no budget
/// is asked for beyond a quarter of the memory the process may use.
/// </summary>
internal sealed class CollectionPause : IDisposable
{
    private readonly bool _started;

    public CollectionPause(long budgetBytes)
    {
        long budget = Math.Min(budgetBytes, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
        if (budget < 16 << 20) return;
        try
        {
            _started = GC.TryStartNoGCRegion(budget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // more than this collector can promise, or a pause already on: run with collections
        }
    }

    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return; // the budget ran out: already over
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // a collection ended it meanwhile
        }
    }
}
