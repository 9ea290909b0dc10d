using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Smoke;

/// <summary>The real program capturing a real veth of the test's own, in tmux at 80×24: the process moving bytes is
/// shown with its traffic, its connection appears in the flows view, and F9 really stops it.</summary>
[Trait("Category", "Root")]
public sealed class BandwidthSmokeTests
{
    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Traffic", "Scripts", name);

    [Fact]
    public void The_uploading_process_is_shown_and_F9_stops_it()
    {
        using var net = new VethNamespace();
        var server = net.StartInside("/usr/bin/python3", Script("traffic_server.py"), net.InsideV4, net.InsideV6);
        Assert.Equal("ready", server.StandardOutput.ReadLine());
        // About 1 MB/s for a minute: alive and busy while the test looks at it.
        using var children = new Children();
        var client = children.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { Script("traffic_client.py"), "tcp", "up", net.InsideV4, (64 << 20).ToString(CultureInfo.InvariantCulture),
                "60" },
            UseShellExecute = false,
        });
        using var tmux = new TmuxSession($"{Vpstop.ShellCommand()} --interface {net.HostInterface}; sleep 60", 80, 24,
            new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        tmux.WaitForText("F10");
        tmux.Send("M-b");
        string pid = client.Id.ToString(CultureInfo.InvariantCulture);
        string screen = tmux.WaitFor(s => s.Contains("Processes, rates over 10 s", StringComparison.Ordinal)
                                          && s.Split('\n').Any(l => l.Contains(pid, StringComparison.Ordinal) && l.Contains("python3",
                                              StringComparison.Ordinal) && l.Contains("KiB", StringComparison.Ordinal)),
            $"a row for PID {pid} with traffic", TimeSpan.FromSeconds(20));
        Assert.Contains(net.HostInterface, screen);

        tmux.Send("f");
        tmux.WaitForText(net.InsideV4 + ":5001");
        tmux.Send("Escape");
        tmux.WaitForText("Processes, rates");

        // The client is the only process on this interface, so it is the first row; F9, then SIGTERM.
        tmux.Send("Home");
        tmux.Send("F9");
        Assert.Contains(pid, tmux.WaitForText("Kill process?"));
        tmux.Send("M-t");
        tmux.WaitForText("Signal sent");
        tmux.Send("Enter");
        Assert.True(client.WaitForExit(10_000), "the client still runs after SIGTERM from the pane");
        tmux.WaitFor(s => s.Split('\n').Any(l => l.Contains(pid, StringComparison.Ordinal) && l.Contains("exited",
            StringComparison.Ordinal)),
            "the row marked exited", TimeSpan.FromSeconds(10));
        tmux.Send("F10");
    }
}
