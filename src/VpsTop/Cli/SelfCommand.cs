namespace VpsTop.Cli;

/// <summary>The argv that starts this same vpstop again (for the detached rollback watchdog): the NativeAOT binary
/// itself, or `dotnet vpstop.dll` for a JIT build.</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Current()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is");
        if (Path.GetFileNameWithoutExtension(process) != "dotnet") return [process];
        return [process, Path.Combine(AppContext.BaseDirectory, "vpstop.dll")];
    }
}
