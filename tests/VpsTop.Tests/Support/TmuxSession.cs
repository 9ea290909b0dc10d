using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Support;

/// <summary>A detached tmux session of a given size running one command: the test types keys and reads the
/// screen as a person over SSH would. Each session has a unique name and is killed on Dispose.</summary>
public sealed class TmuxSession : IDisposable
{
    public string Name { get; } = $"vpstop-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];

    public TmuxSession(string shellCommand, int width = 80, int height = 24, IDictionary<string, string>? environment = null)
    {
        var args = new List<string> { "new-session", "-d", "-s", Name, "-x", width.ToString(), "-y", height.ToString() };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) { args.Add("-e"); args.Add($"{k}={v}"); }
        // The test process sets DisableRealDriverIO for the headless tests; a tmux server it starts would pass
        // that on, and the real program would then draw nothing.
        args.Add("unset DisableRealDriverIO; " + shellCommand);
        // When the previous test killed the last session, the server may still be exiting as this one starts:
        // tmux then says "server exited unexpectedly". A new server is started on the next try.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Tmux(args.ToArray());
                break;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
        // Keep the pane after the program exits so the test can read its exit status and what the shell printed.
        Tmux("set-option", "-t", Name, "remain-on-exit", "on");
    }

    /// <summary>A tmux server of the test run's own, so the tests never touch the user's sessions.</summary>
    private static readonly string ServerSocket = $"vpstop-tests-{Environment.ProcessId}";

    public static string Tmux(params string[] args)
    {
        var (exit, stdout, stderr) = Run.Capture("/usr/bin/tmux", ["-L", ServerSocket, .. args], TimeSpan.FromSeconds(10));
        if (exit != 0 && !(args.Length > 0 && args[0] == "kill-session")) throw new
            InvalidOperationException($"tmux {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    public string Screen() => Tmux("capture-pane", "-p", "-t", Name);

    /// <summary>Keys in tmux's names ("F10", "Enter", "e").</summary>
    public void Send(params string[] keys) => Tmux(["send-keys", "-t", Name, .. keys]);

    /// <summary>Literal text, typed as is.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", Name, "-l", text);

    public bool PaneDead => Tmux("display", "-p", "-t", Name, "#{pane_dead}").Trim() == "1";

    public int PaneExitStatus => int.Parse(Tmux("display", "-p", "-t", Name, "#{pane_dead_status}").Trim());

    public string WaitFor(Func<string, bool> condition, string what, TimeSpan? timeout = null) =>
        Poll.Until(Screen, condition, what, timeout ?? TimeSpan.FromSeconds(20), screen => $"the screen:\n{screen}");

    public string WaitForText(string text, TimeSpan? timeout = null) => WaitFor(s => s.Contains(text, StringComparison.Ordinal),
        $"'{text}'", timeout);

    public void Dispose() => Tmux("kill-session", "-t", Name);
}
