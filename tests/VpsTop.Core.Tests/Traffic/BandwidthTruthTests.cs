using System.Diagnostics;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>
/// Known transfers by known processes over a veth pair into a namespace of the test's own: TCP and UDP, IPv4 and
/// IPv6, uploads and downloads, and one process that lives less than a second. The truth is the kernel's own byte
/// counters of the host end, read around each transfer (one at a time); the collector capturing on that end must
/// credit each process within 2% and nothing to any other process.
/// </summary>
[Trait("Category", "Root")]
public sealed class BandwidthTruthTests
{
    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Traffic", "Scripts", name);

    private sealed record Transfer(string Name, int Pid, long Tx, long Rx, TimeSpan Lifetime);

    [Fact]
    public void Every_process_is_credited_its_own_bytes_within_two_percent()
    {
        using var net = new VethNamespace();
        var server = net.StartInside("/usr/bin/python3", Script("traffic_server.py"), net.InsideV4, net.InsideV6);
        Assert.Equal("ready", server.StandardOutput.ReadLine());

        var reader = new ProcessReader(SystemRoot.Live);
        using var collector = new BandwidthCollector([PcapFlowCapture.Open(net.HostInterface)], SocketSources.Create(SystemRoot.Live),
            reader);
        collector.Start();

        using var children = new Children();
        Transfer Measure(string name, string proto, string way, string host, int bytes, string? pace = null) =>
            MeasureOne(children, net, name, proto, way, host, bytes, pace);
        var transfers = new List<Transfer>
        {
            // Spread over a fifth of a second each, as on a real link: over the bare veth a transfer is over in a
            // few milliseconds, faster than any socket table can be read (see the README's notes on attribution).
            Measure("tcp v4 upload", "tcp", "up", net.InsideV4, 8 << 20, pace: "0.2"),
            Measure("tcp v6 download", "tcp", "down", net.InsideV6, 6 << 20, pace: "0.2"),
            Measure("udp v4 upload", "udp", "up", net.InsideV4, 3 << 20, pace: "0.2"),
            Measure("udp v6 download", "udp", "down", net.InsideV6, 2 << 20),
            Measure("short-lived tcp v4 upload", "tcp", "up", net.InsideV4, 2 << 20, pace: "0.3"),
        };
        // Each row's bytes reach its transfer's (the capture delivers in blocks, a read timeout late); then checked. Read
        // from the snapshots the collector publishes at its own tick, as the pane reads them.
        var snapshot = Poll.Until(() => collector.Latest, s => transfers.All(t =>
                s.Rows.SingleOrDefault(r => r.Process?.Pid == t.Pid) is { } row && row.TotalBytes >= t.Tx + t.Rx - (t.Tx + t.Rx) / 50),
            "every transfer's bytes credited to its process", describe: Describe);

        Assert.True(transfers[^1].Lifetime < TimeSpan.FromSeconds(1), $"the short-lived client lived {transfers[^1].Lifetime}");
        foreach (var t in transfers)
        {
            var row = snapshot.Rows.SingleOrDefault(r => r.Process?.Pid == t.Pid);
            Assert.True(row is not null, $"{t.Name}: no row for PID {t.Pid}; rows: {Describe(snapshot)}");
            long tolerance = (t.Tx + t.Rx) / 50;
            Assert.True(Math.Abs(row.SentBytes - t.Tx) <= tolerance && Math.Abs(row.ReceivedBytes - t.Rx) <= tolerance,
                $"{t.Name}: credited sent {row.SentBytes} received {row.ReceivedBytes}, the interface carried tx {t.Tx} rx {t.Rx}");
            Assert.Equal(net.HostInterface, row.Devices);
            Assert.Equal("python3", row.Process!.Comm);
        }
        // The short-lived process is gone but keeps its row and name.
        Assert.True(snapshot.Rows.Single(r => r.Process?.Pid == transfers[^1].Pid).Exited);

        // Nothing on this interface went to any other process; what is left unattributed is the namespace's own
        // neighbour discovery, a tiny fraction.
        var others = snapshot.Rows.Where(r => r.Process is not null && transfers.All(t => t.Pid != r.Process.Pid)
            && r.Devices.Contains(net.HostInterface, StringComparison.Ordinal));
        Assert.Empty(others);
        long all = transfers.Sum(t => t.Tx + t.Rx);
        long unknown = snapshot.Rows.Where(r => r.Process is null).Sum(r => r.TotalBytes);
        Assert.True(unknown < all / 100, $"unknown {unknown} of {all}: {Describe(snapshot)}");
    }

    /// <summary>One client run to its end, and what the interface carried meanwhile.</summary>
    private static Transfer MeasureOne(Children children, VethNamespace net, string name, string proto, string way, string host, int bytes,
        string? pace)
    {
        var (tx0, rx0) = net.Counters();
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in new[] { Script("traffic_client.py"), proto, way, host,
            bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        if (pace is not null) psi.ArgumentList.Add(pace);
        var started = Stopwatch.StartNew();
        Process client = children.Start(psi);
        int pid = client.Id;
        string err = client.StandardError.ReadToEnd();
        client.WaitForExit();
        var lifetime = started.Elapsed;
        Assert.True(client.ExitCode == 0, $"{name}: client failed: {err}");
        if (proto == "tcp") net.AwaitTcpClosed(5001); // the closing handshake and the last ACKs
        var (tx1, rx1) = net.Counters();
        return new Transfer(name, pid, tx1 - tx0, rx1 - rx0, lifetime);
    }

    private static string Describe(BandwidthSnapshot s) =>
        string.Join("; ",
            s.Rows.Select(r =>
                $"{r.Process?.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? r.UnknownReason} {r.Process?.Comm} "
                    + $"sent={r.SentBytes} recv={r.ReceivedBytes} dev={r.Devices}"));
}
