using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>
/// The whole capture-free pipeline — tcp_info sampler, socket table, attributor, history — against python3 clients
/// moving known payloads to a server in the test's own namespace (whose sockets the host's dump cannot see, so each
/// byte is reported once). Each process must be credited exactly its TCP payload: what it wrote and read, plus at
/// most one byte each for SYN and FIN.
/// </summary>
[Trait("Category", "Root")]
public sealed class TcpFallbackPipelineTests
{
    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Traffic", "Scripts", name);

    [Fact]
    public void Each_process_is_credited_its_tcp_payload_and_the_source_says_what_it_is()
    {
        using var net = new VethNamespace();
        var server = net.StartInside("/usr/bin/python3", Script("traffic_server.py"), net.InsideV4, net.InsideV6);
        Assert.Equal("ready", server.StandardOutput.ReadLine());

        var why = new CaptureUnavailableException(CaptureFailure.NotPermitted, "not root (running as uid 1000)");
        using var collector = BandwidthPipeline.OpenTcpFallback(SystemRoot.Live, why, TimeSpan.FromMilliseconds(200));
        collector.Start();

        // Paced over 0.6 s, so a socket-table refresh (every 200 ms) sees each connection and names its process.
        using var children = new Children();
        int up = Client(children, "up", net.InsideV4, 4 << 20);
        int down = Client(children, "down", net.InsideV6, 3 << 20);
        (int Pid, long Sent, long Received)[] expected =
            [(up, "up 4194304\n".Length + (4 << 20), "ok\n".Length), (down, "down 3145728\n".Length, 3 << 20)];
        // The closed connections' last counters come with the destroy events, from a kernel workqueue: read from the
        // snapshots the collector publishes at its own tick (a sampler sampled faster forgets a socket before its event).
        static bool Credited(BandwidthSnapshot s, (int Pid, long Sent, long Received) e) =>
            s.Rows.SingleOrDefault(r => r.Process?.Pid == e.Pid) is { } row && row.SentBytes >= e.Sent && row.ReceivedBytes >= e.Received;
        // Before the idle rows expire (60 ticks), so the last snapshot still shows them if it fails.
        var snapshot = Poll.Until(() => collector.Latest, s => expected.All(e => Credited(s, e)),
            $"each client's payload credited to it (up {up}, down {down})", TimeSpan.FromSeconds(10), Describe);

        Assert.Equal(TcpCounterSampler.Scope, snapshot.Source.Description);
        Assert.Equal(why.Message, snapshot.Source.Unavailable);
        foreach (var (pid, sent, received) in expected) AssertRow(snapshot, pid, sent, received);
    }

    private static string Describe(BandwidthSnapshot snapshot) =>
        string.Join("; ", snapshot.Rows.Select(r =>
            $"{r.Process?.Pid} {r.Process?.Comm} {r.UnknownReason} {r.SentBytes}/{r.ReceivedBytes}"));

    private static void AssertRow(BandwidthSnapshot snapshot, int pid, long sent, long received)
    {
        var row = snapshot.Rows.SingleOrDefault(r => r.Process?.Pid == pid);
        Assert.True(row is not null, $"no row for {pid}: " + Describe(snapshot));
        Assert.InRange(row.SentBytes, sent, sent + 2);
        Assert.InRange(row.ReceivedBytes, received, received + 2);
        Assert.Equal("tcp_info", row.Devices);
    }

    private static int Client(Children children, string way, string host, int bytes)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in new[] { Script("traffic_client.py"), "tcp", way, host, bytes.ToString(CultureInfo.InvariantCulture), "0.6" })
            psi.ArgumentList.Add(a);
        Process client = children.Start(psi);
        string err = client.StandardError.ReadToEnd();
        Assert.True(client.WaitForExit(30_000), "client hung");
        Assert.True(client.ExitCode == 0, $"client failed: {err}");
        return client.Id;
    }
}
