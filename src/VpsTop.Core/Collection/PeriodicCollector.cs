namespace VpsTop.Core.Collection;

/// <summary>A collector that takes a whole snapshot with one function, every interval (the socket table).</summary>
public sealed class PeriodicCollector<T>(string name, Func<T> collect, T initial, TimeSpan interval)
    : Collector<T>(name, initial) where T : class, IProblemCarrier<T>
{
    public TimeSpan Interval { get; } = interval;

    protected override TimeSpan Step(bool collectNow)
    {
        Publish(collect());
        return Interval;
    }
}
