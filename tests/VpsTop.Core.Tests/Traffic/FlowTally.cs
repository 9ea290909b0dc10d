using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>
/// What a flow source counted over as many intervals as the expected traffic took to arrive. A capture delivers in
/// blocks, up to a read timeout late, and tcp_info's destroy events come from a kernel workqueue: an interval taken
/// right after the traffic may miss its last packets. Intervals are taken and summed until the counts reach what was
/// sent; the test then checks the sum exactly, and a count that never gets there fails the test at the deadline.
/// </summary>
internal static class FlowTally
{
    /// <param name="every">For a source that keeps state between intervals, its pace in the program.</param>
    public static FlowInterval Until(IFlowSource source, Func<IReadOnlyDictionary<FlowKey, FlowCount>, bool> done, string what,
        TimeSpan? timeout = null, TimeSpan? every = null)
    {
        var flows = new Dictionary<FlowKey, FlowCount>();
        long packets = 0, bytes = 0, notIp = 0;
        TimeSpan duration = TimeSpan.Zero;
        string description = source.Description;
        Poll.Until<IReadOnlyDictionary<FlowKey, FlowCount>>(() =>
        {
            FlowInterval interval = source.TakeInterval(); // valid until the next take: copied into the sums now
            foreach (var (flow, count) in interval.Flows)
            {
                flows.TryGetValue(flow, out FlowCount sum);
                flows[flow] = new FlowCount(sum.Packets + count.Packets, sum.Bytes + count.Bytes);
            }
            (packets, bytes, notIp) = (packets + interval.Packets, bytes + interval.Bytes, notIp + interval.NotIp);
            duration += interval.Duration;
            description = interval.Source;
            return flows;
        }, done, what, timeout, Describe, every);
        return new FlowInterval(flows, packets, bytes, notIp, duration, description);
    }

    /// <summary>A flow's packets in what the source has counted so far (0 when it has not seen it).</summary>
    public static long Packets(this IReadOnlyDictionary<FlowKey, FlowCount> flows, FlowKey flow) => flows.GetValueOrDefault(flow).Packets;

    /// <summary>A flow's bytes in what the source has counted so far (0 when it has not seen it).</summary>
    public static long Bytes(this IReadOnlyDictionary<FlowKey, FlowCount> flows, FlowKey flow) => flows.GetValueOrDefault(flow).Bytes;

    private static string Describe(IReadOnlyDictionary<FlowKey, FlowCount> flows) =>
        flows.Count == 0 ? "no flows" : $"{flows.Count} flows, the largest: " + string.Join("; ",
            flows.OrderByDescending(f => f.Value.Bytes).Take(6).Select(f => $"{f.Key}: {f.Value.Packets} packets, {f.Value.Bytes} bytes"));
}
