using VpsTop.Core.Collection;

namespace VpsTop.Core.Tests.Collection;

/// <summary>The one publish loop every background collector runs on, with a real thread: what it publishes, what a
/// failing step turns into, and how "collect now" and disposal reach it.</summary>
public sealed class CollectorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed record Sample(int Value, IReadOnlyList<string> Problems) : IProblemCarrier<Sample>
    {
        public Sample WithProblems(IReadOnlyList<string> problems) => this with { Problems = problems };
    }

    /// <summary>Steps run what the test queued, in order; with nothing queued it publishes the next number.</summary>
    private sealed class ScriptedCollector(TimeSpan wait) : Collector<Sample>("sample", new Sample(0, []))
    {
        private int _next;

        public Queue<Exception> Failures { get; } = new();
        public int Steps;
        public int CollectNowSteps;

        protected override TimeSpan Step(bool collectNow)
        {
            Interlocked.Increment(ref Steps);
            if (collectNow) Interlocked.Increment(ref CollectNowSteps);
            lock (Failures)
                if (Failures.TryDequeue(out var e)) throw e;
            Publish(new Sample(++_next, ["from the step"]));
            return wait;
        }

        protected override TimeSpan FailurePause => TimeSpan.FromMilliseconds(10);
    }

    /// <summary>Waits for a publish that satisfies <paramref name="condition"/>; fails the test at the deadline.</summary>
    private static Sample WaitFor(ScriptedCollector collector, Func<Sample, bool> condition, string what)
    {
        using var published = new SemaphoreSlim(0);
        void OnPublished() => published.Release();
        collector.Published += OnPublished;
        try
        {
            var until = DateTime.UtcNow + Deadline;
            while (!condition(collector.Latest))
            {
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !published.Wait(left))
                    Assert.Fail($"no snapshot {what} within {Deadline.TotalSeconds} s; the last: {collector.Latest}");
            }
            return collector.Latest;
        }
        finally
        {
            collector.Published -= OnPublished;
        }
    }

    [Fact]
    public void Publishes_each_step_with_a_new_version()
    {
        using var collector = new ScriptedCollector(TimeSpan.FromMilliseconds(5));
        Assert.Equal(0, collector.Version);
        collector.Start();
        var third = WaitFor(collector, s => s.Value >= 3, "numbered 3");
        Assert.True(collector.Version >= 3);
        Assert.Equal(["from the step"], third.Problems);
    }

    [Fact]
    public void A_step_that_throws_becomes_a_problem_line_and_the_loop_goes_on()
    {
        using var collector = new ScriptedCollector(TimeSpan.FromMilliseconds(5));
        collector.Failures.Enqueue(new NullReferenceException("the socket table vanished"));
        collector.Start();
        var failed = WaitFor(collector, s => s.Problems.Count > 0 && s.Problems[0].Contains("vanished", StringComparison.Ordinal),
            "with the failure");
        Assert.Equal("sample collection failed: the socket table vanished", failed.Problems[0]);
        // The failure stays visible on the snapshots that follow, beside their own problems, while the loop goes on.
        var after = WaitFor(collector, s => s.Value >= 2, "after the failure");
        Assert.Equal(["sample collection failed: the socket table vanished", "from the step"], after.Problems);
        Assert.DoesNotContain(after.Problems, p => p.Contains("NullReference", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeated_failures_are_one_line_with_a_count_and_the_lines_are_bounded()
    {
        using var collector = new ScriptedCollector(TimeSpan.FromMilliseconds(5));
        lock (collector.Failures)
        {
            for (int i = 0; i < 3; i++) collector.Failures.Enqueue(new IOException("read failed"));
            for (int i = 0; i < 20; i++) collector.Failures.Enqueue(new IOException($"distinct failure {i}"));
        }
        collector.Start();
        var settled = WaitFor(collector, s => s.Value >= 1, "after the failures");
        var failures = settled.Problems.Where(p => p.StartsWith("sample collection failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(new ProblemLog().Capacity, failures.Count);
        Assert.Equal("sample collection failed: distinct failure 19", failures[^1]);
        Assert.DoesNotContain(failures, f => f.Contains("read failed", StringComparison.Ordinal)); // the oldest went first
    }

    [Fact]
    public void Collect_now_wakes_a_long_wait_and_says_so_to_the_step()
    {
        using var collector = new ScriptedCollector(TimeSpan.FromHours(1));
        collector.Start();
        WaitFor(collector, s => s.Value == 1, "from the first step");
        collector.CollectNow();
        WaitFor(collector, s => s.Value == 2, "after collect now");
        Assert.Equal(1, collector.CollectNowSteps);
    }

    [Fact]
    public void Dispose_ends_a_long_wait_at_once()
    {
        var collector = new ScriptedCollector(TimeSpan.FromHours(1));
        collector.Start();
        WaitFor(collector, s => s.Value == 1, "from the first step");
        var started = DateTime.UtcNow;
        collector.Dispose();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "Dispose waited for the hour-long pause");
        int steps = collector.Steps;
        Assert.Equal(1, steps);
    }

    [Fact]
    public void A_problem_is_forgotten_a_while_after_it_last_happened()
    {
        var log = new ProblemLog(capacity: 2, keep: TimeSpan.FromMinutes(1));
        var t0 = DateTimeOffset.UnixEpoch;
        log.Add("a", t0);
        log.Add("a", t0.AddSeconds(30));
        log.Add("b", t0.AddSeconds(40));
        Assert.Equal(["a (2 times)", "b"], log.Current(t0.AddSeconds(85)));
        Assert.Equal(["b"], log.Current(t0.AddSeconds(91)));
        Assert.Empty(log.Current(t0.AddSeconds(101)));
    }
}
