using System.Diagnostics;
using System.Globalization;
using VpsTop.Tests.Support;
using static VpsTop.Tests.Smoke.TmuxSmokeTests;

namespace VpsTop.Tests.Smoke;

/// <summary>The real program in tmux at 80×24 with keys sent in one burst, as they arrive over a slow SSH link: each
/// key is handled in order by what is on screen when its turn comes; what is typed into a prompt shows with the
/// cursor after it; the kill dialog's buttons move with the arrows and the report says whether the process exited.</summary>
public sealed class KeyBurstSmokeTests
{
    private static TmuxSession Start() =>
        new(Wrapped(), 80, 24, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });

    /// <summary>A python3 listening on a loopback port of its own; ignoring SIGTERM if asked (the disposition survives
    /// exec).</summary>
    private static (Process Process, string Port) Listener(Children children, bool ignoreTerm = false)
    {
        const string listen = "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); "
                              + "print(s.getsockname()[1], flush=True); time.sleep(120)";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add((ignoreTerm ? "trap '' TERM; " : "") + "exec /usr/bin/python3 -c \"$0\"");
        start.ArgumentList.Add(listen);
        var process = children.Start(start);
        string port = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the listener did not start");
        return (process, port);
    }

    [Fact]
    public void F3_text_Enter_F4_text_Enter_in_one_burst_search_and_filter_each_with_its_own_text()
    {
        using var children = new Children();
        var (_, port) = Listener(children);
        using var tmux = Start();
        FirstFrame(tmux);
        tmux.Send("F3", port, "Enter", "F4", "127.0.0.1", "Enter");
        string screen = tmux.WaitForText("filter '127.0.0.1'");
        Assert.DoesNotContain("No row contains", screen);
        Assert.DoesNotContain("Jump to the next row", screen); // the search prompt closed
        tmux.Send("F10");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }

    [Fact]
    public void Alt_C_then_l_in_one_burst_switches_to_Connections_and_lists_the_listening_ports()
    {
        using var tmux = Start();
        FirstFrame(tmux);
        tmux.Send("M-h");
        tmux.WaitForText("KEYWORD");
        tmux.Send("M-c", "l");
        tmux.WaitForText("Listening ports");
        tmux.Send("F10");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }

    [Fact]
    public void A_prompt_shows_what_is_typed_with_the_cursor_after_it_and_Esc_cancels()
    {
        using var tmux = Start();
        FirstFrame(tmux);
        tmux.Send("F4", "abc");
        string screen = tmux.WaitFor(s => s.Contains("┃ abc "), "the typed text in the prompt");
        string[] rows = screen.Split('\n');
        int row = Array.FindIndex(rows, r => r.Contains("┃ abc "));
        int col = rows[row].IndexOf("┃ abc ", StringComparison.Ordinal) + "┃ abc".Length;
        string cursor = TmuxSession.Tmux("display", "-p", "-t", tmux.Name, "#{cursor_x},#{cursor_y},#{cursor_flag}").Trim();
        Assert.Equal($"{col},{row},1", cursor);
        tmux.Send("Escape");
        tmux.WaitFor(s => !s.Contains("┥Filter┝"), "the prompt to close");
        Assert.DoesNotContain("filter '", tmux.Screen());
        tmux.Send("F10");
        tmux.WaitForText("VPSTOP-EXIT=");
    }

    [Fact]
    public void Left_Left_Enter_sends_SIGTERM_and_the_report_says_still_running_then_SIGKILL_and_exited()
    {
        using var children = new Children();
        var (listener, port) = Listener(children, ignoreTerm: true);
        using var tmux = Start();
        FirstFrame(tmux);
        tmux.Send("F4", port, "Enter");
        string pid = listener.Id.ToString(CultureInfo.InvariantCulture);
        tmux.WaitFor(s => s.Contains($"filter '{port}'") && s.Contains(pid + "/python3"), "the listener's row alone");
        tmux.Send("F9");
        tmux.WaitForText("Kill process?");
        tmux.Send("Left", "Left", "Enter");
        tmux.WaitForText("sent SIGTERM to PID " + pid);
        tmux.WaitForText("still running after 3 s", TimeSpan.FromSeconds(10));
        Assert.False(listener.HasExited);

        tmux.Send("Enter", "F9");
        tmux.WaitForText("Kill process?");
        tmux.Send("Left", "Enter");
        tmux.WaitForText("has exited.", TimeSpan.FromSeconds(10));
        Assert.True(listener.WaitForExit(5000));
        tmux.Send("Enter", "F10");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }
}
