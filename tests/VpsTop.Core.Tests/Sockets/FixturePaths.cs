using VpsTop.Core.Platform;

namespace VpsTop.Core.Tests.Sockets;

internal static class FixturePaths
{
    public static string Dir(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static SystemRoot Root(string name) => new(Dir(name));
}
