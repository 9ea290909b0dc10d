using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

/// <summary>Lines without an address get their connection's, by PID, and only while that connection is open: the
/// tracker remembers the last PID's entry to skip lookups, so closes, PID reuse and eviction must still win.</summary>
public sealed class ConnectionTrackerTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 28, 12, 0, 0, TimeSpan.Zero);

    private static List<AuthEvent> Track(ConnectionTracker tracker, params string[] messages)
    {
        var parser = new AuthLineParser(TimeZoneInfo.Utc);
        return messages.Select(m => tracker.Resolve(parser.Parse($"Jun  1 10:00:00 vps1 {m}", Now)!)).ToList();
    }

    [Fact]
    public void Pids_that_share_the_filters_bit_and_a_rebuilt_filter_keep_every_connection_apart()
    {
        // The tracker skips lookups for PIDs whose bit (PID modulo 2^20) was never set; PIDs 2^20 apart share a bit,
        // and 300,000 connections make it rebuild the bits from the entries left.
        var tracker = new ConnectionTracker(capacity: 400_000);
        var a = VpsTop.Core.Sockets.NetAddress.FromV4(0xCB007105);
        var b = VpsTop.Core.Sockets.NetAddress.FromV4(0xC6336401);
        const int Alias = 1 << 20;
        tracker.Open(7, a, 1000);
        Assert.False(tracker.TryGetOpen(7 + Alias, out _, out _));
        tracker.Close(7 + Alias); // not there: 7 stays
        Assert.True(tracker.TryGetOpen(7, out var ip, out int? port));
        Assert.Equal((a, 1000), (ip, port));
        for (int pid = 100; pid < 300_100; pid++)
        {
            tracker.Open(pid, b, pid % 60000 + 1);
            if (pid % 3 != 0) tracker.Close(pid);
        }
        Assert.True(tracker.TryGetOpen(7, out ip, out _));
        Assert.Equal(a, ip);
        for (int pid = 100; pid < 300_100; pid++)
            Assert.Equal(pid % 3 == 0, tracker.TryGetOpen(pid, out _, out _));
        tracker.Close(7);
        Assert.False(tracker.TryGetOpen(7, out _, out _));
        Assert.Equal(100_000, tracker.Count);
    }

    [Fact]
    public void Interleaved_connections_keep_their_own_addresses()
    {
        var events = Track(new ConnectionTracker(),
            "sshd[10]: Failed password for root from 203.0.113.1 port 4001 ssh2",
            "sshd[20]: Failed password for admin from 2001:db8::7 port 4002 ssh2",
            "sshd[10]: Disconnecting: Too many authentication failures [preauth]",
            "sshd[20]: pam_unix(sshd:auth): check pass; user unknown",
            "sshd[10]: pam_unix(sshd:auth): check pass; user unknown");
        Assert.Equal(["203.0.113.1", "2001:db8::7", "203.0.113.1", "2001:db8::7", "203.0.113.1"], events.Select(e => e.Ip?.ToString()));
        Assert.Equal([false, false, true, true, true], events.Select(e => e.IpFromConnection));
        Assert.Equal(4001, events[2].Port);
        Assert.Equal(AuthEventKind.MaxAttempts, events[2].Kind);
    }

    [Fact]
    public void A_closed_connection_lends_its_address_to_no_later_line()
    {
        var events = Track(new ConnectionTracker(),
            "sshd[10]: Failed password for root from 203.0.113.1 port 4001 ssh2",
            "sshd[10]: Connection closed by authenticating user root 203.0.113.1 port 4001 [preauth]",
            "sshd[10]: pam_unix(sshd:auth): check pass; user unknown");
        Assert.Null(events[2].Ip);
        Assert.False(events[2].IpFromConnection);
    }

    [Fact]
    public void A_reused_pid_lends_the_new_connections_address()
    {
        var events = Track(new ConnectionTracker(),
            "sshd[10]: Failed password for root from 203.0.113.1 port 4001 ssh2",
            "sshd[10]: Failed password for root from 198.51.100.9 port 5005 ssh2",
            "sshd[10]: Disconnecting: Too many authentication failures [preauth]");
        Assert.Equal("198.51.100.9", events[2].Ip?.ToString());
        Assert.Equal(5005, events[2].Port);
    }

    [Fact]
    public void An_evicted_connection_lends_nothing()
    {
        var tracker = new ConnectionTracker(capacity: 2);
        var events = Track(tracker,
            "sshd[10]: Failed password for root from 203.0.113.1 port 4001 ssh2",
            "sshd[10]: Disconnecting: Too many authentication failures [preauth]", // PID 10 is the remembered one now
            "sshd[20]: Failed password for root from 203.0.113.2 port 4002 ssh2",
            "sshd[30]: Failed password for root from 203.0.113.3 port 4003 ssh2", // the oldest, PID 10, goes
            "sshd[10]: pam_unix(sshd:auth): check pass; user unknown",
            "sshd[20]: pam_unix(sshd:auth): check pass; user unknown");
        Assert.Equal("203.0.113.1", events[1].Ip?.ToString());
        Assert.Null(events[4].Ip);
        Assert.Equal("203.0.113.2", events[5].Ip?.ToString());
        Assert.Equal(2, tracker.Count);
    }
}
