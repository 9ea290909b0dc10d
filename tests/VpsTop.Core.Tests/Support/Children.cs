using System.Diagnostics;

namespace VpsTop.Core.Tests.Support;

/// <summary>Child processes a test starts; all are killed and reaped on dispose, even when the test failed.</summary>
internal sealed class Children : IDisposable
{
    private readonly List<Process> _started = [];

    public Process Start(string file, params string[] args)
    {
        Process p = StartNoWait(file, args);
        WaitUntilExeced(p.Id, file);
        return p;
    }

    /// <summary>For children that exec something else at once (a shell running exec).</summary>
    public Process StartNoWait(string file, params string[] args)
    {
        // In "/", not the test's own directory: a checkout under /tmp would make every child look like it runs from
        // a temporary directory to the suspicion rules.
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        _started.Add(p);
        return p;
    }

    public Process Sleep(int seconds = 60) => Start("/bin/sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Until exec completes, /proc shows the forked dotnet image, not the child program.</summary>
    private static void WaitUntilExeced(int pid, string file)
    {
        string want = TrimToCommBytes(System.IO.Path.GetFileName(file));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                if (open > 0 && close > open && stat[(open + 1)..close] == want)
                    return;
            }
            catch (IOException) { return; }
            Thread.Sleep(5);
        }
    }

    private static string TrimToCommBytes(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        return bytes.Length <= 15 ? name : System.Text.Encoding.UTF8.GetString(bytes, 0, 15);
    }

    public void Dispose()
    {
        foreach (Process p in _started)
        {
            try
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            finally { p.Dispose(); }
        }
    }
}
