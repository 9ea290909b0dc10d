using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Smoke;

/// <summary>The real program in a real terminal (tmux, 80×24), driven by keys as a person over SSH would.</summary>
public sealed class TmuxSmokeTests
{
    /// <summary>A shell line that runs vpstop, then prints its exit status and the terminal modes afterwards.</summary>
    internal static string Wrapped(string extraArgs = "") =>
        $"echo BEFORE-VPSTOP; {Vpstop.ShellCommand()} {extraArgs}; echo \"VPSTOP-EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -E "
            + $"'^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60";

    [Fact]
    public void Starts_switches_views_and_quits_cleanly_with_F10()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tmux = new TmuxSession(Wrapped(), 80, 24, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });

        string screen = FirstFrame(tmux);
        Assert.Contains("F10", screen);
        Assert.Contains("Proto", screen);

        tmux.Send("e");
        tmux.WaitForText("ESTABLISHED only");
        tmux.Send("l");
        Assert.Contains("LISTEN", tmux.WaitForText("Listening ports"));
        tmux.Send("r");
        Assert.Contains("Count", tmux.WaitForText("per remote IP"));
        tmux.Send("a");
        tmux.WaitForText("All sockets");

        tmux.Send("Escape"); // Esc must not quit the main window
        Assert.DoesNotContain("VPSTOP-EXIT", TwoRefreshesLater(tmux));

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
    public void A_process_with_escape_sequences_and_bidi_in_its_name_is_shown_inert_on_a_real_terminal()
    {
        // A real program whose file name (hence comm) and argv carry an SGR sequence, a title-setting OSC
        // and a right-to-left override, holding a real socket.
        string dir = Directory.CreateTempSubdirectory("vpstop-hostile-").FullName;
        string exe = Path.Combine(dir, "\u001b[41mEVIL\u202e");
        VpsTop.Core.Tests.Support.ExecutableCopy.Make("/usr/bin/python3", exe);
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var start = new System.Diagnostics.ProcessStartInfo(exe) { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); time.sleep(120)");
        start.ArgumentList.Add("\u001b]0;pwned\u0007");
        start.Environment["PYTHONHOME"] = "/usr";
        using var children = new Children();
        var hostile = children.Start(start);
        try
        {
            using var tmux = new TmuxSession(Wrapped(), 100, 30, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
            FirstFrame(tmux);
            // Typed in one burst, as keys arrive over a slow SSH link: the filter prompt, its text, Enter.
            tmux.Send("F4");
            tmux.Type("EVIL");
            tmux.Send("Enter");
            tmux.WaitForText("filter 'EVIL'");
            string screen = tmux.WaitForText("\\x1b[41mEVIL\\u202e");
            Assert.Contains($"{hostile.Id}/", screen);
            // The terminal obeyed nothing: no red background anywhere, and the window title was not set.
            string withAttributes = TmuxSession.Tmux("capture-pane", "-p", "-e", "-t", tmux.Name);
            Assert.DoesNotContain("\u001b[41m", withAttributes);
            Assert.DoesNotContain("pwned", TmuxSession.Tmux("display", "-p", "-t", tmux.Name, "#{pane_title}"));
            tmux.Send("F10");
            Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
        }
        finally
        {
            children.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Two frames drawn after the last key, each showing a listener opened after the one before (or the program's end).
    /// The header is redrawn when the data changes, and an Esc waits a moment in the input parser in case a sequence
    /// follows (a key sent right after it would join it): the second new frame comes a whole refresh after the key.
    /// </summary>
    private static string TwoRefreshesLater(TmuxSession tmux)
    {
        string screen = tmux.Screen();
        for (int i = 0; i < 2 && !screen.Contains("VPSTOP-EXIT", StringComparison.Ordinal); i++)
        {
            string header = screen.Split('\n')[0];
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            screen = tmux.WaitFor(s => s.Contains("VPSTOP-EXIT", StringComparison.Ordinal) || s.Split('\n')[0] != header,
                $"the header to change from '{header}' with a new listener");
        }
        return screen;
    }

    /// <summary>A frame is written in pieces: wait until its last part, the function-key bar, is there too.</summary>
    internal static string FirstFrame(TmuxSession tmux) =>
        tmux.WaitFor(s => s.Contains("Connections") && s.Contains("Proto") && s.Contains("F10"), "the first full frame");

    /// <summary>The SGR parameter lists the terminal was sent for what is on screen now.</summary>
    private static IReadOnlyList<string> Sgr(TmuxSession tmux) =>
        System.Text.RegularExpressions.Regex.Matches(TmuxSession.Tmux("capture-pane", "-e", "-p", "-t", tmux.Name), "\u001b\\[([0-9;]*)m")
            .Select(m => m.Groups[1].Value).Distinct().ToList();

    [Fact]
    public void Sixteen_colour_mode_sends_no_truecolor()
    {
        using var tmux = new TmuxSession(Wrapped("--16-colors"), 80, 24, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        FirstFrame(tmux);
        static bool SixteenColours(string p) => System.Text.RegularExpressions.Regex.IsMatch(p, "^(3[0-7]|9[0-7]|4[0-7]|10[0-7])$");
        var sgr = Poll.Until(() => Sgr(tmux), s => s.Any(SixteenColours), "the frame's 16 colours", describe: s => string.Join(" ", s));
        Assert.DoesNotContain(sgr, p => p.Contains("38;2") || p.Contains("48;2") || p.Contains("38;5") || p.Contains("48;5"));
        tmux.Send("F10");
        tmux.WaitForText("VPSTOP-EXIT=");
    }

    [Fact]
    public void Q_quits_too_and_no_color_sends_no_colour_at_all()
    {
        using var tmux = new TmuxSession(Wrapped("--no-color"), 80, 24, new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        FirstFrame(tmux);
        // Only defaults (39/49), reset, bold, underline for hotkeys and reverse video for the selection.
        var sgr = Poll.Until(() => Sgr(tmux), s => s.Contains("4"), "the frame's underlined hotkeys", describe: s => string.Join(" ", s));
        Assert.All(sgr, p => Assert.Matches("^(0|1|4|7|39|49|0;1|)(;(1|4|7|39|49))*$", p));
        tmux.Send("q");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }
}
