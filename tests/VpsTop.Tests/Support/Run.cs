using System.Diagnostics;

namespace VpsTop.Tests.Support;

/// <summary>Runs programs with argv arrays (never a shell) and captures their output.</summary>
public static class Run
{
    public static (int Exit, string Stdout, string Stderr) Capture(string program, params string[] args) =>
        Capture(program, args, TimeSpan.FromSeconds(60));

    public static (int Exit, string Stdout, string Stderr) Capture(string program, IEnumerable<string> args, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
