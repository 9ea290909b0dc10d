using System.Diagnostics;
using System.Text;
using VpsTop.Core.AuthSources;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class LogFileFollowerTests
{
    // A syslog daemon in miniature: appends numbered lines to the path it opened and reopens the path only on
    // SIGHUP, so between logrotate's rename and its postrotate HUP it keeps writing to the renamed file, as rsyslog does.
    private const string Writer = """
import os, signal, sys, time
path, count, pidfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
reopen = [False]
signal.signal(signal.SIGHUP, lambda s, f: reopen.__setitem__(0, True))
f = open(path, "ab", buffering=0)
open(pidfile, "w").write(str(os.getpid()))
for i in range(count):
    if reopen[0]:
        reopen[0] = False
        f.close()
        f = open(path, "ab", buffering=0)
    f.write(b"Nov 28 21:00:00 vps sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2\n" % (i, i))
    time.sleep(0.0005)
f.close()
""";

    [Fact]
    public void Every_line_arrives_exactly_once_while_real_logrotate_renames_and_compresses_the_file()
    {
        using var dir = new TempLogDir();
        using var children = new Children();
        string log = dir.File("auth.log"), pidfile = dir.File("writer.pid"), script = dir.File("writer.py");
        File.WriteAllText(log, "");
        File.WriteAllText(script, Writer);
        File.WriteAllText(dir.File("rotate.conf"), $$"""
{{log}} {
    rotate 9
    create 0640 root root
    compress
    delaycompress
    postrotate
        sleep 0.3; kill -HUP $(cat {{pidfile}})
    endscript
}
""");
        const int count = 12000;
        using var follower = new LogFileFollower(log, "auth.log", FollowStart.Beginning) { RenameQuiet = TimeSpan.FromMilliseconds(700) };
        var lines = new List<LogLine>();
        Process writer = children.StartNoWait("/usr/bin/python3", script, log, count.ToString(), pidfile);

        var clock = Stopwatch.StartNew();
        int rotations = 0;
        long nextRotation = 1000;
        while (!writer.HasExited || clock.ElapsedMilliseconds < 4000)
        {
            follower.Poll(lines);
            if (clock.ElapsedMilliseconds >= nextRotation && rotations < 4 && File.Exists(pidfile) && !writer.HasExited)
            {
                RunLogrotate(dir);
                rotations++;
                nextRotation = clock.ElapsedMilliseconds + 1200;
            }
            Thread.Sleep(100);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "writer did not finish");
        }
        Assert.Equal(0, writer.ExitCode);
        // Drain whatever was left after the writer exited, including a rename still being waited out.
        Poll.Until(() => { follower.Poll(lines); return lines.Count; }, n => n >= count, $"all {count} lines through the follower",
            describe: n => $"{n} lines");

        Assert.True(rotations >= 3, $"only {rotations} rotations happened");
        Assert.True(File.Exists(dir.File("auth.log.2.gz")), "logrotate did not compress an older file");
        Assert.True(follower.Rotations >= rotations);
        Assert.DoesNotContain(lines, l => l.IsGap);
        Assert.Equal(Enumerable.Range(0, count).ToArray(), lines.Select(LineNumber).ToArray());
    }

    private static void RunLogrotate(TempLogDir dir) =>
        Run.Checked("/usr/sbin/logrotate", "--force", "--state", dir.File("logrotate.state"), dir.File("rotate.conf"));

    private static int LineNumber(LogLine line)
    {
        int open = line.Text.IndexOf("sshd[", StringComparison.Ordinal) + 5;
        return int.Parse(line.Text.AsSpan(open, line.Text.IndexOf(']', open) - open));
    }

    [Fact]
    public void Copytruncate_restarts_at_zero_and_reports_a_gap()
    {
        using var dir = new TempLogDir();
        string log = dir.File("secure");
        File.WriteAllText(log, "one\ntwo\n");
        using var follower = new LogFileFollower(log, "secure", FollowStart.Beginning);
        var lines = new List<LogLine>();
        follower.Poll(lines);

        // What logrotate's copytruncate does: copy, then truncate the same inode in place; the writer (O_APPEND) goes on.
        File.Copy(log, dir.File("secure-20261128"));
        using (var f = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) f.SetLength(0);
        File.AppendAllText(log, "three\n");
        follower.Poll(lines);

        Assert.Equal(["one", "two"], lines.Take(2).Select(l => l.Text));
        Assert.True(lines[2].IsGap);
        Assert.Equal("three", lines[3].Text);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Real_logrotate_copytruncate_is_seen_as_a_gap_and_following_continues_in_the_same_file()
    {
        using var dir = new TempLogDir();
        string log = dir.File("secure");
        File.WriteAllText(dir.File("rotate.conf"), $$"""
{{log}} {
    rotate 2
    copytruncate
}
""");
        // Each append opens the file afresh and writes at its end, as an O_APPEND writer (rsyslog) does. (A .NET
        // FileMode.Append stream kept open would not: it writes at its own offset and leaves a hole of NULs.)
        File.AppendAllText(log, "before 1\nbefore 2\n");
        using var follower = new LogFileFollower(log, "secure", FollowStart.Beginning);
        var lines = new List<LogLine>();
        follower.Poll(lines);

        RunLogrotate(dir);
        File.AppendAllText(log, "after\n");
        follower.Poll(lines);

        Assert.Equal("before 1\nbefore 2\n", File.ReadAllText(dir.File("secure.1")));
        Assert.Equal(["before 1", "before 2"], lines.Take(2).Select(l => l.Text));
        Assert.True(lines[2].IsGap, lines[2].Text);
        Assert.Equal("after", lines[3].Text);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Partial_lines_wait_for_their_newline_and_CR_and_invalid_UTF8_are_handled()
    {
        using var dir = new TempLogDir();
        string log = dir.File("auth.log");
        File.WriteAllText(log, "");
        using var follower = new LogFileFollower(log, "auth.log", FollowStart.Beginning);
        var lines = new List<LogLine>();
        using (var w = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            w.Write("Invalid user r"u8); w.Flush();
            follower.Poll(lines);
            Assert.Empty(lines);
            w.Write([0x6f, 0xff, 0x74, (byte)'\r', (byte)'\n']); w.Flush();
            follower.Poll(lines);
        }
        Assert.Equal("Invalid user ro\uFFFDt", Assert.Single(lines).Text);
    }

    [Fact]
    public void Starting_from_the_end_delivers_only_whole_lines_of_the_backlog()
    {
        using var dir = new TempLogDir();
        string log = dir.File("auth.log");
        var text = new StringBuilder();
        for (int i = 0; i < 1000; i++) text.Append("line ").Append(i).Append('\n');
        File.WriteAllText(log, text.ToString());
        using var follower = new LogFileFollower(log, "auth.log", FollowStart.EndMinusBacklog, backlogBytes: 100);
        var lines = new List<LogLine>();
        follower.Poll(lines);

        Assert.Equal("line 999", lines[^1].Text);
        Assert.All(lines, l => Assert.Matches("^line 9[0-9][0-9]$", l.Text));
        Assert.InRange(lines.Count, 10, 11);
    }

    [Fact]
    public void A_missing_file_is_reported_and_retried_until_it_appears()
    {
        using var dir = new TempLogDir();
        string log = dir.File("auth.log");
        using var follower = new LogFileFollower(log, "auth.log");
        var lines = new List<LogLine>();
        follower.Poll(lines);
        Assert.Equal("absent", follower.Problem);

        File.WriteAllText(log, "Accepted publickey for admin\n");
        follower.Poll(lines);
        Assert.Null(follower.Problem);
        Assert.Equal("Accepted publickey for admin", Assert.Single(lines).Text);
    }
}
