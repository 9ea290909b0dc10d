using System.Runtime.CompilerServices;

namespace VpsTop.Tests.Tui;

internal static class TestInit
{
    /// <summary>Without this the ANSI driver takes over the real terminal of `dotnet test` and the run hangs.</summary>
    [ModuleInitializer]
    internal static void Init() => Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
}
