using VpsTop.Core.Processes;

namespace VpsTop.Core.Tests.Processes;

public sealed class UserNamesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-passwd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReloadsWhenPasswdChanges()
    {
        string path = Path.Combine(_dir, "passwd");
        File.WriteAllText(path, "root:x:0:0:root:/root:/bin/bash\n");
        var names = new UserNames(path);
        Assert.Equal("root", names.NameOf(0));
        Assert.Equal("1001", names.NameOf(1001));

        File.WriteAllText(path, "root:x:0:0:root:/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/sh\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("alice", names.NameOf(1001));
    }

    [Fact]
    public void MissingPasswdGivesNumbers()
    {
        var names = new UserNames(Path.Combine(_dir, "absent"));
        Assert.Equal("0", names.NameOf(0));
    }

    [Fact]
    public void MalformedLinesAreSkippedAndFirstDuplicateWins()
    {
        var map = UserNames.Parse(["# comment", "", "broken", "x:x:notanumber", "toor:x:0:0::/:/bin/sh", "root:x:0:0::/:/bin/sh"]);
        Assert.Equal("toor", map[0]);
        Assert.Single(map);
    }
}
