using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

/// <summary>
/// The per-line parse of a big log allocates nothing once the names in it (host, program, user, method) have been
/// seen: prefix and sshd message are read over the span, names come from pools. Only building the event and its
/// text allocates, and that happens where the event is consumed. IPv6 lines are left out: the runtime's IPv6
/// parser allocates an IPAddress.
/// </summary>
public sealed class LineParseAllocationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Lines =
    [
        "Jun  1 10:00:00 vps1 sshd[24363]: Failed password for root from 203.0.113.5 port 51182 ssh2",
        "Jun  1 10:00:01 vps1 sshd[24363]: Failed password for invalid user admin from 203.0.113.5 port 51182 ssh2",
        "Jun  1 10:00:02 vps1 sshd-session[16379]: Invalid user pascal5 from 192.168.1.3 port 53502",
        "Jun  1 10:00:03 vps1 sshd[24200]: pam_unix(sshd:auth): check pass; user unknown",
        "Jun  1 10:00:04 vps1 sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
        "Jun  1 10:00:05 vps1 sshd[1714650]: error: maximum authentication attempts exceeded for invalid user admin from 127.0.0.1 port "
            + "56876 ssh2 [preauth]",
        "Jun  1 10:00:06 vps1 sshd[1714650]: Disconnecting invalid user admin 127.0.0.1 port 56876: Too many authentication failures "
            + "[preauth]",
        "Jun  1 10:00:07 vps1 sshd[60259]: Connection closed by 118.27.24.104 port 58574 [preauth]",
        "Jun  1 10:00:08 vps1 sshd[1941162]: Unable to negotiate with 206.189.59.169 port 34386: no matching host key type found. Their "
            + "offer: ssh-rsa,ssh-dss [preauth]",
        "Jun  1 10:00:09 vps1 sshd[581]: Accepted publickey for vagrant from 192.168.121.1 port 56296 ssh2: RSA "
            + "SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA",
        "Jun  1 10:00:10 vps1 sshd[24680]: pam_unix(sshd:session): session opened for user fztu by (uid=0)",
        "2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: User root from 192.168.1.1 not allowed because not listed in AllowUsers",
        "Jun  1 10:00:11 vps1 CRON[9]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
    ];

    [Fact]
    public void ParsingKnownLinesAllocatesNothing()
    {
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        int sshd = 0;
        foreach (string line in Lines) // warm-up: fills the name pools and the minute cache
            if (parser.TryParseSshd(line, Now, out _, out _)) sshd++;
        Assert.Equal(Lines.Length - 1, sshd);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10_000; round++)
            foreach (string line in Lines)
                parser.TryParseSshd(line, Now, out _, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void AnEventCostsItsObjectAndItsTextOnly()
    {
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        string line = Lines[0];
        Assert.NotNull(parser.Parse(line.AsSpan(), Now));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) parser.Parse(line.AsSpan(), Now);
        long perLine = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000;

        // the line's string (22 + 2 bytes per char, rounded up) and one AuthEvent object (its facts inline), nothing else
        long text = (22 + 2 * line.Length + 7) / 8 * 8;
        Assert.InRange(perLine, text + 64, text + 224);
    }

    [Fact]
    public void SummarisingKnownSourcesAllocatesNothingPerLine()
    {
        // The bulk summary path: facts and a place in the file, no event object, no line text.
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        var facts = new List<AuthFacts>();
        foreach (string line in Lines)
            if (parser.TryParseSshd(line, Now, out var prefix, out var message)) facts.Add(AuthLineParser.Facts(prefix, message));
        var analysis = new AuthAnalysis();
        var place = new LogLineRef(null, null, 0, 0);
        // Time moves on a minute per round, as in a real log: failure times older than the alarm window are dropped,
        // so after a day of log the per-source state stops growing.
        void Round(int round)
        {
            foreach (var f in facts) analysis.Add(f with { Time = f.Time?.AddMinutes(round) }, place);
        }
        for (int round = 0; round < 2 * 24 * 60; round++) Round(round);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 2 * 24 * 60; round < 4 * 24 * 60; round++) Round(round);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(analysis.ByIp.Count >= 8);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ParsedFieldsMatchTheStringParse()
    {
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        foreach (string line in Lines)
            Assert.Equal(new AuthLineParser(TimeZoneInfo.Utc).Parse(line, Now), parser.Parse(line.AsSpan(), Now));
    }
}
