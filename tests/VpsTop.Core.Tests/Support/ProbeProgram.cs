using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// Entry point of the test assembly for <c>dotnet exec VpsTop.Core.Tests.dll capture IFACE</c>: tries to open a
/// capture in a fresh process — one that setpriv made nobody, or one in a mount namespace where libpcap is hidden —
/// and prints "CAUSE\tmessage" (or "OPENED"). The test host runs tests through its own entry point, never this one.
/// </summary>
public static class ProbeProgram
{
    public static int Main(string[] args)
    {
        if (args is not ["capture", string name])
        {
            Console.Error.WriteLine("usage: capture IFACE");
            return 2;
        }
        try
        {
            using var capture = PcapFlowCapture.Open(name);
            Console.WriteLine("OPENED");
            return 0;
        }
        catch (CaptureUnavailableException e)
        {
            Console.WriteLine($"{e.Cause}\t{e.Message}");
            return 5;
        }
    }

    /// <summary>Runs the probe through <paramref name="wrapper"/> (setpriv, unshare …) and returns its output line.</summary>
    public static (int Exit, string Output, string Error) Run(string wrapper, string[] wrapperArgs, string interfaceName)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "VpsTop.Core.Tests.dll");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = "/nonexistent", ["DOTNET_CLI_HOME"] = "/tmp", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        string[] command = [.. wrapperArgs, "/usr/bin/dotnet", "exec", dll, "capture", interfaceName];
        var (exit, stdout, stderr) = Support.Run.Capture(wrapper, command, TimeSpan.FromSeconds(60), environment);
        return (exit, stdout.Trim(), stderr.Trim());
    }
}
