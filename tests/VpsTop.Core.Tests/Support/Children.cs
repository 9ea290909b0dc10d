using System.Diagnostics;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// The one reaper of the processes a test starts: each is killed with its whole tree and reaped on dispose, last
/// started first (an sshd before the namespace it runs in), even when the test failed. Shared by both test projects.
/// </summary>
internal sealed class Children : IDisposable
{
    private readonly List<Process> _started = [];

    /// <summary>Starts it in "/" and returns once it runs <paramref name="file"/> (not the forked test host).</summary>
    public Process Start(string file, params string[] args)
    {
        Process p = StartNoWait(file, args);
        WaitUntilExeced(p, file);
        return p;
    }

    /// <summary>For children that exec something else at once (a shell running exec).</summary>
    public Process StartNoWait(string file, params string[] args)
    {
        // In "/", not the test's own directory: a checkout under /tmp would make every child look like it runs from
        // a temporary directory to the suspicion rules.
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (string a in args) psi.ArgumentList.Add(a);
        return Start(psi);
    }

    /// <summary>Starts a child set up by the caller (redirected streams, environment, its own directory).</summary>
    public Process Start(ProcessStartInfo start)
    {
        Process p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        lock (_started) _started.Add(p);
        return p;
    }

    public Process Sleep(int seconds = 60) => Start("/bin/sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Until exec completes, /proc shows the forked dotnet image, not the child program.</summary>
    private static void WaitUntilExeced(Process p, string file)
    {
        string want = TrimToCommBytes(Path.GetFileName(file));
        // The kernel names the new program before it lays out its arguments: wait for both.
        Poll.Until(() => Comm(p), comm => comm is null || (comm == want && HasArguments(p)), $"PID {p.Id} to run {file}",
            TimeSpan.FromSeconds(10), comm => $"comm '{comm}'");
    }

    private static bool HasArguments(Process p)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{p.Id}/cmdline").Length > 0;
        }
        catch (IOException) { return true; } // gone: an exit is the caller's to judge
    }

    /// <summary>The process's comm, or null once it is gone (an exit is the caller's to judge).</summary>
    private static string? Comm(Process p)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{p.Id}/stat");
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            return p.HasExited ? null : stat[(open + 1)..close];
        }
        catch (IOException) { return null; }
    }

    private static string TrimToCommBytes(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        return bytes.Length <= 15 ? name : System.Text.Encoding.UTF8.GetString(bytes, 0, 15);
    }

    public void Dispose()
    {
        lock (_started)
        {
            for (int i = _started.Count - 1; i >= 0; i--)
            {
                Process p = _started[i];
                try
                {
                    if (!p.HasExited) p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
                catch (InvalidOperationException) { }
                finally { p.Dispose(); }
            }
            _started.Clear();
        }
    }
}
