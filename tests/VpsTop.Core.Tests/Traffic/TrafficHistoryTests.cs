using System.Net;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

public class TrafficHistoryTests
{
    private static readonly NetAddress Here = NetAddress.FromIPAddress(IPAddress.Parse("10.0.0.5"));
    private static readonly NetAddress There = NetAddress.FromIPAddress(IPAddress.Parse("203.0.113.7"));

    private static ProcessIdentity Process(int pid, string comm) => new()
    {
        Pid = pid, ParentPid = 1, StartTimeTicks = 1000 + (ulong)pid, StartTime = DateTimeOffset.UnixEpoch, Comm = comm,
        Cmdline = [comm], Uid = 0, User = "root",
    };

    private static Connection Tcp(ushort localPort, SocketState state, params ProcessIdentity[] owners) =>
        new(new SocketEntry(Proto.Tcp, 4, Here, localPort, There, 443, state, 0, owners.Length == 0 ? 0UL : 77, 0, 0), owners, null);

    private static AttributedInterval Interval(SocketIndex index, ushort localPort, long sent, long received)
    {
        var flows = new Dictionary<FlowKey, FlowCount>();
        if (sent > 0) flows[new FlowKey(Here, There, localPort, 443, FlowKey.Tcp)] = new FlowCount(1, sent);
        if (received > 0) flows[new FlowKey(There, Here, 443, localPort, FlowKey.Tcp)] = new FlowCount(1, received);
        return new TrafficAttributor().Attribute(new FlowInterval(flows, flows.Count, sent + received, 0, TimeSpan.FromSeconds(1)), index);
    }

    private static readonly TrafficSourceStatus Source = new() { Description = "test" };

    [Fact]
    public void Rates_average_over_two_ten_and_forty_seconds_and_totals_count_everything()
    {
        var curl = Process(100, "curl");
        var index = new SocketIndex();
        index.Merge([Tcp(5000, SocketState.Established, curl)], complete: true);
        var history = new TrafficHistory();
        // 30 quiet seconds, then 10 s at 1000 B/s sent, then 2 s at 5000 B/s sent and 300 B/s received.
        for (int i = 0; i < 30; i++) history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5000, 0, 0))]);
        for (int i = 0; i < 10; i++) history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5000, 1000, 0))]);
        for (int i = 0; i < 2; i++) history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5000, 5000, 300))]);

        var row = Assert.Single(history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => true).Rows);
        Assert.Equal(curl, row.Process);
        Assert.Equal(10 * 1000 + 2 * 5000, row.SentBytes);
        Assert.Equal(600, row.ReceivedBytes);
        Assert.Equal(5000, row.SentRate.Over2s);
        Assert.Equal((8 * 1000 + 2 * 5000) / 10.0, row.SentRate.Over10s);
        Assert.Equal((10 * 1000 + 2 * 5000) / 40.0, row.SentRate.Over40s);
        Assert.Equal(300, row.ReceivedRate.Over2s);
        Assert.Equal(TrafficHistory.Ticks, row.History.Count);
        Assert.Equal([1000, 1000, 5300, 5300], row.History.TakeLast(4));
        Assert.Equal("eth0", row.Devices);
    }

    [Fact]
    public void An_exited_process_keeps_its_row_until_it_has_been_quiet_for_the_retention()
    {
        var dropper = Process(4242, "x");
        var index = new SocketIndex();
        index.Merge([Tcp(5001, SocketState.Established, dropper)], complete: true);
        var history = new TrafficHistory(retentionTicks: 5);
        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5001, 7000, 100))]);
        for (int i = 0; i < 5; i++) history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5001, 0, 0))]);

        var kept = Assert.Single(history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false).Rows);
        Assert.True(kept.Exited);
        Assert.Equal(7000, kept.SentBytes);
        Assert.Equal(0, kept.SentRate.Over2s);

        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5001, 0, 0))]);
        Assert.Empty(history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false).Rows);
    }

    [Fact]
    public void An_exited_process_that_moved_a_lot_stays_ten_times_as_long()
    {
        var uploader = Process(4243, "kworker");
        var index = new SocketIndex();
        index.Merge([Tcp(5002, SocketState.Established, uploader)], complete: true);
        var history = new TrafficHistory(retentionTicks: 5, heavyBytes: 1_000_000);
        // A snapshot every tick, as the collector takes them: that is when a gone process is found to have exited.
        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5002, 2_000_000, 0))]);
        history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false);
        for (int i = 0; i < 50; i++)
        {
            history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5002, 0, 0))]);
            history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false);
        }
        var kept = Assert.Single(history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false).Rows);
        Assert.True(kept.Exited);
        Assert.Equal(2_000_000, kept.SentBytes);

        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 5002, 0, 0))]);
        Assert.Empty(history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => false).Rows);
    }

    [Fact]
    public void A_reused_pid_gets_a_row_of_its_own()
    {
        var first = Process(500, "a");
        var second = first with { StartTimeTicks = first.StartTimeTicks + 99, Comm = "b" };
        var index = new SocketIndex();
        index.Merge([Tcp(6000, SocketState.Established, first)], complete: true);
        var history = new TrafficHistory();
        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 6000, 10, 0))]);
        index.Merge([Tcp(6000, SocketState.Established, second)], complete: true);
        history.Record(TimeSpan.FromSeconds(1), [("eth0", Interval(index, 6000, 20, 0))]);

        var rows = history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, start) => start == second.StartTimeTicks).Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal(20, rows.Single(r => r.Process!.Comm == "b").SentBytes);
        Assert.True(rows.Single(r => r.Process!.Comm == "a").Exited);
    }

    [Fact]
    public void The_flow_table_stays_bounded_under_a_scan()
    {
        var index = new SocketIndex();
        var history = new TrafficHistory(maxFlows: 100);
        var flows = new Dictionary<FlowKey, FlowCount>();
        for (ushort port = 1; port <= 1000; port++) flows[new FlowKey(There, Here, 40000, port, FlowKey.Tcp)] = new FlowCount(1, 60);
        var interval = new TrafficAttributor().Attribute(new FlowInterval(flows, 1000, 60_000, 0, TimeSpan.FromSeconds(1)), index);
        history.Record(TimeSpan.FromSeconds(1), [("eth0", interval)]);

        var snapshot = history.Snapshot(DateTimeOffset.UnixEpoch, Source, (_, _) => true);
        Assert.Equal(100, snapshot.Flows.Count);
        // The bytes are all still accounted for in the rows and totals.
        Assert.Equal(60_000, snapshot.TotalReceived);
        Assert.Equal(60_000, Assert.Single(snapshot.Rows).ReceivedBytes);
    }
}

public class SocketIndexTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Now;
    }

    private static readonly NetAddress Here = NetAddress.FromIPAddress(IPAddress.Parse("10.0.0.5"));
    private static readonly NetAddress There = NetAddress.FromIPAddress(IPAddress.Parse("198.51.100.20"));

    private static readonly ProcessIdentity Wget = new()
    {
        Pid = 77, ParentPid = 1, StartTimeTicks = 5, StartTime = DateTimeOffset.UnixEpoch, Comm = "wget", Cmdline = ["wget"], Uid = 0,
        User = "root",
    };

    private static Connection Socket(SocketState state, bool withOwner) =>
        new(new SocketEntry(Proto.Tcp, 4, Here, 40000, There, 80, state, 0, withOwner ? 9UL : 0, 0, 0), withOwner ? [Wget] : [], null);

    [Fact]
    public void A_vanished_socket_is_remembered_with_its_owner_for_the_retention_then_forgotten()
    {
        var clock = new ManualClock();
        var index = new SocketIndex(TimeSpan.FromSeconds(60), clock);
        index.Merge([Socket(SocketState.Established, withOwner: true)], complete: true);

        clock.Now += 1000;
        index.Merge([Socket(SocketState.TimeWait, withOwner: false)], complete: true); // process exited, TIME_WAIT left
        var found = index.Find(FlowKey.Tcp, Here, 40000, There, 80, out var rule);
        Assert.Equal(AttributionRule.Exact, rule);
        Assert.Equal(Wget, Assert.Single(found!.Owners));

        clock.Now += 1000;
        index.Merge([], complete: true); // TIME_WAIT over too
        Assert.Equal(Wget, index.Find(FlowKey.Tcp, Here, 40000, There, 80, out _)!.Owners[0]);
        Assert.False(index.Find(FlowKey.Tcp, Here, 40000, There, 80, out _)!.Present);

        clock.Now += 61_000;
        index.Merge([], complete: true);
        Assert.Null(index.Find(FlowKey.Tcp, Here, 40000, There, 80, out _));
    }

    [Fact]
    public void A_partial_lookup_adds_without_forgetting_the_rest()
    {
        var index = new SocketIndex();
        index.Merge([Socket(SocketState.Established, withOwner: true)], complete: true);
        var other = new Connection(new SocketEntry(Proto.Udp, 4, Here, 5353, There, 5353, SocketState.Established, 0, 10, 0, 0), [Wget],
            null);
        index.Merge([other], complete: false);
        Assert.True(index.Find(FlowKey.Tcp, Here, 40000, There, 80, out _)!.Present);
        Assert.NotNull(index.Find(FlowKey.Udp, Here, 5353, There, 5353, out _));
    }
}
