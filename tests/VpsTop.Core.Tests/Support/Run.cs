using System.Diagnostics;

namespace VpsTop.Core.Tests.Support;

/// <summary>Runs programs with argv arrays (never a shell) and captures their output. Shared by both test projects.</summary>
public static class Run
{
    public static (int Exit, string Stdout, string Stderr) Capture(string program, params string[] args) =>
        Capture(program, args, TimeSpan.FromSeconds(60));

    /// <param name="input">Written to its standard input, which is then closed (closed at once when null).</param>
    public static (int Exit, string Stdout, string Stderr) Capture(string program, IEnumerable<string> args, TimeSpan timeout,
        IDictionary<string, string>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            RedirectStandardInput = true
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (input is not null) p.StandardInput.Write(input);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Its exit code, whatever it is (for commands expected to fail, like a refused login).</summary>
    public static int ExitCode(string program, params string[] args) => Capture(program, args).Exit;

    /// <summary>Runs it and fails with its stderr unless it exits 0; returns its stdout.</summary>
    public static string Checked(string program, params string[] args) => CheckedWithInput(null, program, args);

    /// <summary><see cref="Checked"/> with text on its standard input.</summary>
    public static string CheckedWithInput(string? input, string program, params string[] args)
    {
        var (exit, stdout, stderr) = Capture(program, args, TimeSpan.FromSeconds(60), input: input);
        if (exit != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {exit}: {stderr.Trim()}");
        return stdout;
    }
}
