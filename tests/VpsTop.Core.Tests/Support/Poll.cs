using System.Diagnostics;
using System.Globalization;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// Waiting for something observable to happen (a line in a log, a counter reaching a value, a socket appearing, a
/// screen showing a text) instead of sleeping and hoping. At the deadline the test fails, naming what it waited for
/// and what it saw last. Shared by both test projects.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Observes until <paramref name="done"/> holds for an observation, and returns that observation.</summary>
    /// <param name="describe">How the last observation is shown when the deadline passes (ToString by default).</param>
    /// <param name="every">The pace for an observation that changes what it observes (a sampler taking an interval):
    /// no faster than the program itself would. By default quick at first, then gentler.</param>
    public static T Until<T>(Func<T> observe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null,
        TimeSpan? every = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            T seen = observe();
            if (done(seen)) return seen;
            if (clock.Elapsed > limit)
            {
                string last = describe is null ? seen?.ToString() ?? "null" : describe(seen);
                string seconds = limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                throw new Xunit.Sdk.XunitException($"timed out after {seconds} s waiting for {what}; last seen: {last}");
            }
            // Quick at first (most events are milliseconds away), then gentle on a loaded machine.
            Thread.Sleep(every ?? TimeSpan.FromMilliseconds(Math.Min(100, 5 << Math.Min(attempt, 5))));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="seen"/> describes the state when it
    /// never does.</summary>
    public static void Until(Func<bool> condition, string what, Func<string> seen, TimeSpan? timeout = null) =>
        Until(() => condition() ? null : seen(), text => text is null, what, timeout);

    /// <summary>For a condition whose only state is "not yet".</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(condition, what, () => "the condition was still false", timeout);
}
