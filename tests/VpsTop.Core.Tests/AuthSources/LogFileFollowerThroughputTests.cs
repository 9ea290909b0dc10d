using System.Diagnostics;
using System.Text;
using VpsTop.Core.AuthSources;
using Xunit.Abstractions;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class LogFileFollowerThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Reading_a_large_auth_log_allocates_only_the_line_strings()
    {
        using var dir = new TempLogDir();
        string log = dir.File("auth.log");
        const int count = 400_000;
        const string text = "Nov 28 21:06:40 vps sshd[998915]: Failed password for invalid user admin from 203.0.113.9 port 4242 ssh2";
        using (var w = new StreamWriter(log, false, new UTF8Encoding(false), 1 << 20))
            for (int i = 0; i < count; i++) w.Write(text + "\n");

        var lines = new List<LogLine>(count + 1);
        using (var warmUp = new LogFileFollower(log, "auth.log", FollowStart.Beginning)) warmUp.Poll(lines); // JIT and page cache
        lines.Clear();

        using var follower = new LogFileFollower(log, "auth.log", FollowStart.Beginning);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        follower.Poll(lines);
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(count, lines.Count);
        Assert.All(lines.Take(10), l => Assert.Equal(text, l.Text));
        long stringBytes = 22 + 2L * text.Length; // object header + length + UTF-16 payload, padded to 8 below
        double perLine = (double)allocated / count;
        output.WriteLine($"{count} lines ({new FileInfo(log).Length / 1e6:F1} MB) in {clock.ElapsedMilliseconds} ms: " +
            $"{count / clock.Elapsed.TotalSeconds:F0} lines/s, {perLine:F1} B allocated per line (the line string is "
                + $"{(stringBytes + 7) / 8 * 8} B)");
        // Per line: the string and nothing else of note (the 64 KiB read buffer and the FileStream are per follower).
        Assert.InRange(perLine, stringBytes, (stringBytes + 7) / 8 * 8 + 8);
    }
}
