using System.Text;
using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

/// <summary>
/// The block-parallel file reader against the line-by-line <see cref="AuthLogReader"/> on the same bytes: the same
/// events in the same order, and the summary streamed from it equals the summary of the full event list. Small blocks
/// put block edges inside lines, CR LF pairs and multi-byte characters.
/// </summary>
public sealed class ParallelAuthLogReaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 28, 12, 0, 0, TimeSpan.Zero);

    // The families the parser knows, as sshd and PAM write them (research notes §11, and the hostile forms)
    private static readonly string[] Messages =
    [
        "Failed password for root from {ip} port {port} ssh2",
        "Failed password for invalid user admin from {ip} port {port} ssh2",
        "Invalid user admin from {ip} port {port}",
        "pam_unix(sshd:auth): check pass; user unknown",
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=root",
        "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=root",
        "Failed publickey for git from {ip} port {port} ssh2: RSA SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA",
        "error: maximum authentication attempts exceeded for root from {ip} port {port} ssh2 [preauth]",
        "Disconnecting authenticating user root {ip} port {port}: Too many authentication failures [preauth]",
        "Disconnecting: Too many authentication failures [preauth]",
        "message repeated 3 times: [ Failed password for root from {ip} port {port} ssh2]",
        "Connection closed by invalid user oracle {ip} port {port} [preauth]",
        "Connection reset by authenticating user root {ip} port {port} [preauth]",
        "Received disconnect from {ip} port {port}:11: Bye Bye [preauth]",
        "Disconnected from {ip} port {port} [preauth]",
        "Unable to negotiate with {ip} port {port}: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]",
        "banner exchange: Connection from {ip} port {port}: invalid format",
        "fatal: Timeout before authentication for {ip} port {port}",
        "User root from {ip} not allowed because not listed in AllowUsers",
        "Invalid user x from 10.9.9.9 port 1 from {ip} port {port}",
        "Invalid user Jörg\u200b😀 from {ip} port {port}",
        "Accepted password for deploy from {ip} port {port} ssh2",
        "Accepted publickey for deploy from {ip} port {port} ssh2: ED25519 SHA256:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG0",
        "pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)",
        "pam_unix(sshd:session): session closed for user deploy",
        "Close session: user deploy from {ip} port {port} id 0",
        "something sshd never said",
    ];

    private static byte[] Log(int lines)
    {
        var rnd = new Random(4);
        var text = new MemoryStream();
        void Write(string s) => text.Write(Encoding.UTF8.GetBytes(s));
        for (int i = 0; i < lines; i++)
        {
            var t = new DateTime(2025, 6, 1).AddSeconds(i * 97L);
            string ip = rnd.Next(8) == 0 ? $"2001:db8:{rnd.Next(3):x}::{rnd.Next(1, 99):x}" : $"203.0.113.{rnd.Next(1, 40)}";
            string message = Messages[rnd.Next(Messages.Length)].Replace("{ip}", ip).Replace("{port}", rnd.Next(1024, 65536).ToString());
            string program = rnd.Next(10) switch { 0 => "CRON", 1 => "sshd-session", _ => "sshd" };
            Write($"{t.ToString("MMM", System.Globalization.CultureInfo.InvariantCulture)} {t.Day,2} {t:HH:mm:ss} host{rnd.Next(2)} "
                + $"{program}[{1000 + rnd.Next(30)}]: {message}");
            switch (rnd.Next(40))
            {
                case 0: Write("\r\n"); break;
                case 1: Write("\r"); break;                        // a lone CR ends a line too
                case 2: text.Write([0xC3, 0x28, 0xFF]); Write("\n"); break; // invalid UTF-8
                case 3: Write(" " + new string('A', 9000) + "\n"); break;   // longer than a test block
                default: Write("\n"); break;
            }
        }
        Write("Jun 28 11:00:00 host0 sshd[1]: Failed password for root from 203.0.113.1 port 2 ssh2"); // no final newline
        return text.ToArray();
    }

    private static List<AuthEvent> Parallel(byte[] bytes, int blockBytes, bool bare = false)
    {
        var events = new List<AuthEvent>();
        long n = ParallelAuthLogReader.Read(new MemoryStream(bytes), Now, events.Add, TimeZoneInfo.Utc, bare, blockBytes);
        Assert.Equal(n, events.Count);
        return events;
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    [InlineData(4 << 20)]
    public void SameEventsInTheSameOrderAsTheLineReader(int blockBytes)
    {
        byte[] log = Log(20_000);
        var expected = AuthLogReader.Read(new MemoryStream(log), Now, TimeZoneInfo.Utc).ToList();
        var actual = Parallel(log, blockBytes);
        Assert.True(expected.Count > 15_000, $"{expected.Count} events");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
        Assert.Contains(actual, e => e.IpFromConnection);
        Assert.Contains(actual, e => e.Line.Contains('\uFFFD'));
    }

    [Fact]
    public void BareSshdEOutputReadsAsTheLineReaderReadsIt()
    {
        byte[] log = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "auth", "openssh-9.2-loopback-E.log"));
        var expected = AuthLogReader.Read(new MemoryStream(log), Now, bareMessages: true).ToList();
        var actual = Parallel(log, 512, bare: true);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, e => e.Kind == AuthEventKind.Accepted);
    }

    [Fact]
    public void StreamedSummaryEqualsTheSummaryOfTheFullEventList()
    {
        byte[] log = Log(20_000);
        var options = new AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(6), AlarmMinFailures = 2 };
        var full = new AuthAnalysis(options);
        foreach (var e in AuthLogReader.Read(new MemoryStream(log), Now, TimeZoneInfo.Utc).ToList()) full.Add(e);
        var streamed = new AuthAnalysis(options);
        ParallelAuthLogReader.Read(new MemoryStream(log), Now, streamed.Add, TimeZoneInfo.Utc, bareMessages: false, blockBytes: 8192);

        Assert.True(full.ByIp.Count > 30);
        Assert.NotEmpty(full.Alarms);
        Assert.Equal(Summary(full), Summary(streamed));
        Assert.Equal(full.Alarms.Select(Alarm), streamed.Alarms.Select(Alarm));
        Assert.Equal(full.Unknown, streamed.Unknown);
        Assert.Equal(full.Sprays().Select(s => $"{s.Source} {s.Failures} {s.Users.Count}"),
            streamed.Sprays().Select(s => $"{s.Source} {s.Failures} {s.Users.Count}"));
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(4 << 20)]
    public void SummaryKeepingPlacesInTheFileReadsTheSameEvidenceBack(int blockBytes)
    {
        // The bulk path keeps no line text: evidence is read back from the file by byte offset when an alarm fires.
        // Non-ASCII names, invalid UTF-8, CR LF and lone CR make byte offsets differ from char offsets.
        byte[] log = Log(20_000);
        string path = Path.Combine(Path.GetTempPath(), $"vpstop-places-{Guid.NewGuid():N}.log");
        File.WriteAllBytes(path, log);
        try
        {
            var options = new AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(6), AlarmMinFailures = 2 };
            var full = new AuthAnalysis(options);
            foreach (var e in AuthLogReader.Read(new MemoryStream(log), Now, TimeZoneInfo.Utc).ToList()) full.Add(e);
            var placed = new AuthAnalysis(options);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0))
            {
                var lines = new FileLines(stream.SafeFileHandle, Now, TimeZoneInfo.Utc);
                ParallelAuthLogReader.Read(stream, Now, (in AuthFacts f, ReadOnlySpan<char> _, long offset, int length) =>
                    placed.Add(f, new LogLineRef(null, lines, offset, length)), TimeZoneInfo.Utc, bareMessages: false, blockBytes);
            }

            Assert.NotEmpty(full.Alarms);
            Assert.Equal(full.Alarms.Select(Alarm), placed.Alarms.Select(Alarm));
            Assert.Equal(full.Alarms.SelectMany(a => a.Failures.Append(a.Accept)),
                placed.Alarms.SelectMany(a => a.Failures.Append(a.Accept)));
            Assert.Contains(placed.Alarms, a => a.Failures.Any(f => f.Line.Contains('ö')));
            Assert.Equal(Summary(full), Summary(placed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(4096, 2)]
    [InlineData(65536, 3)]
    [InlineData(4 << 20, 2)]
    [InlineData(8192, 1)]
    public void SummaryOnEveryCoreEqualsTheSummaryOfTheEventsInOrder(int blockBytes, int shards)
    {
        // Parts analyse disjoint sources in parallel, each block's lines tied to connections begun blocks before
        // (PIDs are reused across the whole log): the numbers, users, alarms with their evidence, sprays and
        // distributed attacks must be those of one analysis fed the events one by one.
        byte[] log = Log(20_000);
        string path = Path.Combine(Path.GetTempPath(), $"vpstop-sharded-{Guid.NewGuid():N}.log");
        File.WriteAllBytes(path, log);
        try
        {
            var options = new AuthAnalysisOptions
            {
                AlarmWindow = TimeSpan.FromHours(6), AlarmMinFailures = 2, SprayMinUsers = 3,
                DistributedMinSources = 3
            };
            var since = new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.Zero);
            var full = new AuthAnalysis(options);
            var events = AuthLogReader.Read(new MemoryStream(log), Now, TimeZoneInfo.Utc).ToList();
            foreach (var e in events.Where(e => e.Time is null || e.Time >= since)) full.Add(e);
            var sharded = new ShardedAuthAnalysis(options, shards);
            long read;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0))
            {
                var lines = new FileLines(stream.SafeFileHandle, Now, TimeZoneInfo.Utc);
                read = ParallelAuthLogReader.Summarize(stream, Now, sharded, lines, since, TimeZoneInfo.Utc, bareMessages: false,
                    blockBytes);
            }
            var merged = sharded.Merge();

            Assert.Equal(events.Count, read);
            Assert.Equal(events.Count(e => e.Time is null || e.Time >= since), sharded.BlockLines);
            Assert.True(full.Alarms.Count > 3, $"{full.Alarms.Count} alarms");
            Assert.Equal(full.Alarms.Select(Alarm), merged.Alarms.Select(Alarm));
            Assert.Equal(full.Alarms.SelectMany(a => a.Failures.Append(a.Accept)),
                merged.Alarms.SelectMany(a => a.Failures.Append(a.Accept)));
            Assert.Equal(Summary(full), Summary(merged));
            Assert.Equal(full.Unknown, merged.Unknown);
            Assert.NotEmpty(full.Sprays());
            Assert.Equal(full.Sprays().Select(s => $"{s.Source} {s.Failures} {s.Users.Count}").Order(),
                merged.Sprays().Select(s => $"{s.Source} {s.Failures} {s.Users.Count}").Order());
            Assert.NotEmpty(full.DistributedAttacks());
            Assert.Equal(full.DistributedAttacks().Select(d =>
                $"{d.User} {d.Failures} {string.Join(',', d.Sources.Select(x => x.ToString()).Order())}").Order(),
                merged.DistributedAttacks().Select(d =>
                    $"{d.User} {d.Failures} {string.Join(',', d.Sources.Select(x => x.ToString()).Order())}").Order());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<string> Summary(AuthAnalysis a) =>
        a.ByIp.Values.Concat(a.ByNetwork64.Values).Select(s =>
            $"{s.Address} {s.Failures} {s.Probes} {s.Accepted} {s.FirstSeen:O} {s.LastSeen:O} {s.Compromised} "
                + $"{string.Join(',', s.Users.Order(StringComparer.Ordinal))}")
        .Order(StringComparer.Ordinal).ToList();

    private static string Alarm(CompromiseAlarm a) =>
        $"{a.Source} {a.ByNetwork64} {a.Accept.Line} {a.FailureCount} {string.Join('|', a.Failures.Select(f => f.Line))}";
}
