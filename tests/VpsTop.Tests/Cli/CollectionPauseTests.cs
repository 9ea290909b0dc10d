using System.Runtime;
using VpsTop.Cli;

namespace VpsTop.Tests.Cli;

/// <summary>The summary's pause of garbage collection: on for the job, off after it, handing over to the collector when
/// the budget runs out, absent for a budget too small to matter, and never more than the machine has.</summary>
public sealed class CollectionPauseTests
{
    [Fact]
    public void A_pause_lasts_for_the_job_and_the_collector_takes_over_past_its_budget()
    {
        using (new CollectionPause(64 << 20))
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

        int before = GC.CollectionCount(0);
        using (new CollectionPause(32 << 20))
        {
            var kept = new List<byte[]>();
            for (int i = 0; i < 96; i++) kept.Add(new byte[1 << 20]); // three times the budget
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            GC.KeepAlive(kept);
        }
        Assert.True(GC.CollectionCount(0) > before);
    }

    [Fact]
    public void A_budget_too_small_to_matter_leaves_the_collector_alone_and_a_huge_one_is_cut_to_what_the_machine_has()
    {
        using (new CollectionPause(1 << 20)) Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        // asking for more than the machine has is cut to a quarter of it: no exception, and the pause ends cleanly
        using (new CollectionPause(long.MaxValue / 2)) { }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
