using System.Text.Json;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Cli;

/// <summary>`vpstop auth` on what a real sshd 9.2 wrote (-E, captured in the Core tests' fixture) and on a hand-written
/// Debian auth.log with a hostile user name: the per-IP table, the alarm, and inert text.</summary>
public sealed class AuthCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-auth-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "auth", "openssh-9.2-loopback-E.log");

    [Fact]
    public void The_summary_of_a_real_sshd_log_names_the_compromised_ip_and_never_the_one_in_a_user_name()
    {
        var (exit, stdout, stderr) = Vpstop.Run("auth", "--source", Fixture, "--summary", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        var first = rows[0];
        Assert.Equal("127.0.0.2", first.GetProperty("ip").GetString());
        Assert.True(first.GetProperty("compromised").GetBoolean());
        Assert.Equal(3, first.GetProperty("failures").GetInt32());
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        Assert.DoesNotContain(rows, r => r.GetProperty("ip").GetString() == "10.9.9.9");

        var (_, text, _) = Vpstop.Run("auth", "--source", Fixture);
        Assert.Contains("ALARM: 127.0.0.2 failed 3 times, then logged in as", text);
    }

    [Fact]
    public void A_summary_of_thousands_of_sources_is_one_json_array_in_rank_order()
    {
        // enough sources for the rows to be written in parts: one valid array, every source once, most failures first
        string log = Path.Combine(_dir, "many.log");
        using (var w = new StreamWriter(log))
            for (int i = 0; i < 12_000; i++)
                for (int k = 0; k <= i % 4; k++)
                    w.WriteLine($"Nov 28 03:00:00 vps sshd[{i}]: Failed password for root "
                        + $"from 10.{i / 250 % 250}.{i % 250}.9 port 22 ssh2");
        File.SetLastWriteTimeUtc(log, new DateTime(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc));

        var (exit, stdout, stderr) = Vpstop.Run("auth", "--source", log, "--summary", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(12_000, rows.Count);
        Assert.Equal(12_000, rows.Select(r => r.GetProperty("ip").GetString()).Distinct().Count());
        var failures = rows.Select(r => r.GetProperty("failures").GetInt32()).ToList();
        Assert.Equal(failures.OrderDescending(), failures);
        Assert.Equal(4, failures[0]);
    }

    [Fact]
    public void Rotated_files_are_read_on_request_oldest_first_and_the_alarm_window_is_the_admins()
    {
        // logrotate's layout, written by hand: failures a week ago (gzip) and yesterday, the login today.
        string log = Path.Combine(_dir, "auth.log");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(log + ".2.gz"), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write("Nov 21 03:00:00 vps sshd[10]: Failed password for root from 198.51.100.9 port 1000 ssh2\n"u8);
        File.WriteAllText(log + ".1", "Nov 27 22:00:00 vps sshd[11]: Failed password for root from 198.51.100.9 port 1001 ssh2\n");
        File.WriteAllText(log, "Nov 28 03:00:00 vps sshd[12]: Accepted password for root from 198.51.100.9 port 1002 ssh2\n");
        File.SetLastWriteTimeUtc(log, new DateTime(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc));

        var live = Vpstop.Run("auth", "--source", log, "--summary", "--json");
        Assert.True(live.Exit == 0, live.Stderr);
        using (var doc = JsonDocument.Parse(live.Stdout)) Assert.False(doc.RootElement[0].GetProperty("compromised").GetBoolean());

        var all = Vpstop.Run("auth", "--source", log, "--summary", "--json", "--rotated");
        using (var doc = JsonDocument.Parse(all.Stdout))
        {
            Assert.Equal(2, doc.RootElement[0].GetProperty("failures").GetInt32());
            Assert.True(doc.RootElement[0].GetProperty("compromised").GetBoolean()); // yesterday's failure is within 24 h
        }
        var (_, text, _) = Vpstop.Run("auth", "--source", log, "--rotated", "--alarm-window", "8d");
        Assert.Contains("ALARM: 198.51.100.9 failed 2 times", text);       // a week back counts with an 8-day window
        var shortWindow = Vpstop.Run("auth", "--source", log, "--rotated", "--alarm-window", "1h", "--summary", "--json");
        using (var doc = JsonDocument.Parse(shortWindow.Stdout)) Assert.False(doc.RootElement[0].GetProperty("compromised").GetBoolean());
        Assert.Equal(2, Vpstop.Run("auth", "--source", log, "--alarm-window", "soon").Exit);
    }

    [Fact]
    public void Events_from_an_auth_log_keep_the_line_with_control_bytes_escaped_and_the_table_is_inert()
    {
        string log = Path.Combine(_dir, "auth.log");
        File.WriteAllText(log,
            "Nov 28 03:01:02 vps sshd[4100]: Invalid user \u001b[31madmin\u202e from 203.0.113.66 port 50100\n" +
            "Nov 28 03:01:04 vps sshd[4100]: Failed password for invalid user \u001b[31madmin\u202e from 203.0.113.66 port 50100 ssh2\n" +
            "Nov 28 03:01:09 vps sshd[4107]: Accepted password for root from 203.0.113.66 port 50112 ssh2\n");
        File.SetLastWriteTimeUtc(log, new DateTime(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc));

        var (exit, stdout, stderr) = Vpstop.Run("auth", "--source", log, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var events = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["invalid_user", "failed", "accepted"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal("203.0.113.66", e.GetProperty("ip").GetString()));
        Assert.Equal("\u001b[31madmin\u202e", events[0].GetProperty("user").GetString());
        Assert.Contains("\\u001B", stdout, StringComparison.OrdinalIgnoreCase); // ESC escaped in the JSON text
        Assert.DoesNotContain('\u001b', stdout);

        var (_, text, _) = Vpstop.Run("auth", "--source", log);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u202e', text);
        Assert.Contains("ALARM: 203.0.113.66", text);
    }

    [Fact]
    public void No_readable_log_says_what_was_tried()
    {
        var (exit, _, stderr) = Vpstop.Run("auth", "--root", _dir);
        Assert.Equal(5, exit);
        Assert.Contains("/var/log/auth.log: absent", stderr);
        Assert.Contains("/var/log/secure: absent", stderr);
    }
}
