using System.Net;
using VpsTop.Core.Collection;
using VpsTop.Core.Sockets;
using VpsTop.Core.Suspicion;
using VpsTop.Core.Traffic;
using VpsTop.Tui;

namespace VpsTop.Tests.Tui;

/// <summary>
/// Hand-written traffic for the incident of <see cref="IncidentSnapshot"/>, run through the real attributor and
/// history: the miner uploads to its pool, sshd serves the admin and the attacker, a scan hits closed ports.
/// </summary>
public static class IncidentTraffic
{
    private static NetAddress Ip(string s) => NetAddress.FromIPAddress(IPAddress.Parse(s));

    public static BandwidthSnapshot Create(int seconds = 12)
    {
        var index = new SocketIndex();
        index.Merge(IncidentSnapshot.Create().Connections, complete: true);
        var history = new TrafficHistory();
        var attributor = new TrafficAttributor();
        for (int t = 0; t < seconds; t++)
        {
            var flows = new Dictionary<FlowKey, FlowCount>
            {
                [new FlowKey(Ip("10.0.0.5"), Ip("198.51.100.7"), 41000, 3333, FlowKey.Tcp)] = new(900, 1_300_000),
                [new FlowKey(Ip("198.51.100.7"), Ip("10.0.0.5"), 3333, 41000, FlowKey.Tcp)] = new(450, 30_000),
                [new FlowKey(Ip("10.0.0.5"), Ip("192.0.2.10"), 22, 50100, FlowKey.Tcp)] = new(40, 12_000 + t * 100),
                [new FlowKey(Ip("192.0.2.10"), Ip("10.0.0.5"), 50100, 22, FlowKey.Tcp)] = new(30, 3_000),
                [new FlowKey(Ip("203.0.113.99"), Ip("10.0.0.5"), (ushort)(40000 + t), 22, FlowKey.Tcp)] = new(3, 180),
                [new FlowKey(Ip("203.0.113.99"), Ip("10.0.0.5"), 40000, (ushort)(20 + t), FlowKey.Tcp)] = new(1, 60),   // a port scan
                [new FlowKey(Ip("203.0.113.9"), Ip("10.0.0.5"), 49999, 22, FlowKey.Tcp)] = new(1, 52),                  // a TIME_WAIT tail
            };
            long bytes = flows.Values.Sum(f => f.Bytes);
            var interval = new FlowInterval(flows, flows.Values.Sum(f => f.Packets), bytes, 0, TimeSpan.FromSeconds(1));
            history.Record(TimeSpan.FromSeconds(1), [("eth0", attributor.Attribute(interval, index))]);
        }
        return WithReasons(history.Snapshot(DateTimeOffset.UnixEpoch,
            new TrafficSourceStatus { Description = "capture on eth0 (wire bytes)" }, (_, _) => true));
    }

    public static HeldFeed<BandwidthSnapshot> Feed() => new(Create());

    /// <summary>What the suspicion rules say of these processes (the rules are tested on real processes in the Core
    /// tests): the miner ran from /tmp and was deleted; sshd was upgraded and waits for a restart, a hint only.</summary>
    public static BandwidthSnapshot WithReasons(BandwidthSnapshot snapshot) => snapshot with
    {
        Rows = [.. snapshot.Rows.Select(r => r.Process?.Pid switch
        {
            4242 => r with
            {
                Reasons =
                [
                    new SuspicionReason("exe-deleted", SuspicionSeverity.High, "exe deleted", "/tmp/.x/k\u200bw (deleted)"),
                    new SuspicionReason("exe-in-temp-dir", SuspicionSeverity.High, "exe in /tmp", "/tmp/.x/k\u200bw"),
                ],
            },
            812 => r with { Reasons = [new SuspicionReason("exe-replaced", SuspicionSeverity.Low, "package upgraded, restart pending",
                "/usr/sbin/sshd")] },
            _ => r,
        })],
    };
}
