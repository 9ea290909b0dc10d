namespace VpsTop.Tests.Support;

/// <summary>The real vpstop program: the NativeAOT binary tests/run.sh publishes (VPSTOP_BIN), otherwise the
/// JIT build next to the tests, started through `dotnet`.</summary>
public static class Vpstop
{
    public static string? AotBinary => Environment.GetEnvironmentVariable("VPSTOP_BIN") is { Length: > 0 } bin && File.Exists(bin) ? bin
        : null;

    /// <summary>Program and leading arguments that start vpstop.</summary>
    public static (string Program, string[] Prefix) Command()
    {
        if (AotBinary is { } bin) return (bin, []);
        string dll = Path.Combine(AppContext.BaseDirectory, "vpstop.dll");
        Assert.True(File.Exists(dll), $"vpstop.dll not found next to the tests ({dll})");
        return ("dotnet", [dll]);
    }

    /// <summary>The command as one string for tmux, which takes a shell command line. Only fixed paths go in.</summary>
    public static string ShellCommand()
    {
        var (program, prefix) = Command();
        return string.Join(' ', new[] { program }.Concat(prefix).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
    }

    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) => RunWith(null, args);

    public static (int Exit, string Stdout, string Stderr) RunWith(IDictionary<string, string>? environment, params string[] args)
    {
        var (program, prefix) = Command();
        // Run here is this class's own method: the shared runner by its full name
        return global::VpsTop.Core.Tests.Support.Run.Capture(program, prefix.Concat(args), TimeSpan.FromSeconds(60), environment);
    }
}
