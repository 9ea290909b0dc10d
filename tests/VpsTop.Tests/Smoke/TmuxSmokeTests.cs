using System.Net;
using System.Net.Sockets;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Smoke;

/// <summary>The real program in a real terminal (tmux, 80×24), driven by keys as a person over SSH would.</summary>
public sealed class TmuxSmokeTests
{
    /// <summary>A shell line that runs vpstop, then prints its exit status and the terminal modes afterwards.</summary>
    private static string Wrapped(string extraArgs = "") =>
        $"echo BEFORE-VPSTOP; {Vpstop.ShellCommand()} {extraArgs}; echo \"VPSTOP-EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60";

    [Fact]
    public void Starts_switches_views_and_quits_cleanly_with_F10()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tmux = new TmuxSession(Wrapped(), 80, 24, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });

        string screen = tmux.WaitForText("Connections");
        Assert.Contains("F10", screen);
        Assert.Contains("Proto", screen);

        tmux.Send("e");
        tmux.WaitForText("ESTABLISHED");
        tmux.Send("l");
        tmux.WaitForText("LISTEN");
        tmux.Send("r");
        tmux.WaitForText("Count");
        tmux.Send("a");

        tmux.Send("Escape"); // Esc must not quit the main window
        Thread.Sleep(300);
        Assert.DoesNotContain("VPSTOP-EXIT", tmux.Screen());

        tmux.Send("F10");
        string after = tmux.WaitFor(s => s.Contains("VPSTOP-EXIT=") && s.Contains("icanon"), "the exit status and the tty modes");
        Assert.Contains("VPSTOP-EXIT=0", after);
        // The alternate screen was left (the shell's earlier output is visible again) and the tty is cooked again.
        Assert.Contains("BEFORE-VPSTOP", after);
        Assert.Contains("icanon", after);
        Assert.DoesNotContain("-icanon", after);
        Assert.DoesNotContain("-echo ", after + " ");
    }

    [Fact]
    public void Q_quits_too()
    {
        using var tmux = new TmuxSession(Wrapped("--no-color"), 80, 24);
        tmux.WaitForText("Connections");
        tmux.Send("q");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }
}
