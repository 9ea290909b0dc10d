using System.Text.Json;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// A captured tree copied to a temp dir with its symlinks recreated from links.json. The links are kept
/// in a manifest because the csproj's Fixtures/** copy follows symlinks (and fails on dangling ones such
/// as "socket:[1111]"), so real symlinks cannot travel to the output directory.
/// </summary>
internal sealed class FixtureTree : IDisposable
{
    private FixtureTree(string path) => Path = path;

    public string Path { get; }
    public SystemRoot Root => new(Path);

    public static FixtureTree Materialize(string name)
    {
        string source = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        string target = Directory.CreateTempSubdirectory("vpstop-fixture-").FullName;
        foreach (string dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, dir)));
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file)));

        string manifest = System.IO.Path.Combine(source, "links.json");
        if (File.Exists(manifest))
        {
            using JsonDocument links = JsonDocument.Parse(File.ReadAllText(manifest));
            foreach (JsonProperty entry in links.RootElement.EnumerateObject())
            {
                string linkTarget = entry.Value.GetString()!;
                string at = System.IO.Path.Combine(target, entry.Name);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(at)!);
                File.CreateSymbolicLink(at, linkTarget);
            }
        }
        return new FixtureTree(target);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
