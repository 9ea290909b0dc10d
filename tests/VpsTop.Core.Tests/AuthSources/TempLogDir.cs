namespace VpsTop.Core.Tests.AuthSources;

/// <summary>A uniquely named temp directory for log files, deleted on dispose even when the test failed.</summary>
internal sealed class TempLogDir : IDisposable
{
    public TempLogDir() => Path = Directory.CreateTempSubdirectory("vpstop-authsrc-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
