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
        int up = Client("up", net.InsideV4, 4 << 20);
        int down = Client("down", net.InsideV6, 3 << 20);
        Thread.Sleep(300);
        var snapshot = collector.TakeTick();

        Assert.Equal(TcpCounterSampler.Scope, snapshot.Source.Description);
        Assert.Equal(why.Message, snapshot.Source.Unavailable);
        AssertRow(snapshot, up, sent: "up 4194304\n".Length + (4 << 20), received: "ok\n".Length);
        AssertRow(snapshot, down, sent: "down 3145728\n".Length, received: 3 << 20);
    }

    private static void AssertRow(BandwidthSnapshot snapshot, int pid, long sent, long received)
    {
        var row = snapshot.Rows.SingleOrDefault(r => r.Process?.Pid == pid);
        Assert.True(row is not null, $"no row for {pid}: " + string.Join("; ", snapshot.Rows.Select(r => $"{r.Process?.Pid} {r.UnknownReason} {r.SentBytes}/{r.ReceivedBytes}")));
        Assert.InRange(row.SentBytes, sent, sent + 2);
        Assert.InRange(row.ReceivedBytes, received, received + 2);
        Assert.Equal("tcp_info", row.Devices);
    }

    private static int Client(string way, string host, int bytes)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in new[] { Script("traffic_client.py"), "tcp", way, host, bytes.ToString(CultureInfo.InvariantCulture), "0.6" })
            psi.ArgumentList.Add(a);
        using var client = Process.Start(psi)!;
        string err = client.StandardError.ReadToEnd();
        Assert.True(client.WaitForExit(30_000), "client hung");
        Assert.True(client.ExitCode == 0, $"client failed: {err}");
        return client.Id;
    }
}
