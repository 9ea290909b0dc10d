namespace VpsTop.Tests.Support;

/// <summary>Waiting for something real to happen (a daemon listening, a rollback done), with a deadline and a message.</summary>
internal static class Poll
{
    public static void Until(Func<bool> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within {seconds} s");
            Thread.Sleep(100);
        }
    }
}
