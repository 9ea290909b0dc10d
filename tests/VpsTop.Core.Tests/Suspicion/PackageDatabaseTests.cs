using System.Diagnostics;
using VpsTop.Core.Platform;
using VpsTop.Core.Suspicion;
using VpsTop.Core.Tests.Support;
using Xunit.Abstractions;

namespace VpsTop.Core.Tests.Suspicion;

public sealed class PackageDatabaseTests(ITestOutputHelper output)
{
    [Fact]
    public void PreMergeListedPathIsFoundInTheKernelsMergedForm()
    {
        using var tree = FixtureTree.Materialize("dpkg-merged-usr");
        var db = new PackageDatabase(tree.Root);
        // coreutils.list says /bin/ls; /proc/PID/exe says /usr/bin/ls because /bin -> usr/bin.
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/ls"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/bin/ls"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/dash"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/sbin/sshd"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/env"));
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/bin/lsx"));
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/bin/.ls"));
        Assert.Null(db.UnavailableReason);
    }

    [Fact]
    public void WithoutMergedUsrTheTwoFormsAreDifferentFiles()
    {
        using var tree = FixtureTree.Materialize("dpkg-merged-usr");
        File.Delete(Path.Combine(tree.Path, "bin"));
        var db = new PackageDatabase(tree.Root);
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/bin/ls"));
        // On a split-/usr system a /usr/bin/ls nobody installed is exactly what a rootkit drops.
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/bin/ls"));
    }

    [Fact]
    public void DiversionsMoveOwnership()
    {
        using var tree = FixtureTree.Materialize("dpkg-merged-usr");
        var db = new PackageDatabase(tree.Root);
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/perf"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/perf.wrapper"));
        // A local (":") diversion: the package's file now lives at .distrib, the admin's own file at the original path.
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/sbin/tool.distrib"));
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/sbin/tool"));
    }

    [Fact]
    public void UsrLocalAndOptAreSaidToBeInstalledByHand()
    {
        using var tree = FixtureTree.Materialize("dpkg-merged-usr");
        var db = new PackageDatabase(tree.Root);
        Assert.Equal(PackageOwnership.OutsidePackageManager, db.Lookup("/usr/local/bin/node"));
        Assert.Equal(PackageOwnership.OutsidePackageManager, db.Lookup("/opt/app/bin/app"));
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/localx/bin/app"));
    }

    [Fact]
    public void ReloadsOnlyWhenTheDatabaseChanged()
    {
        using var tree = FixtureTree.Materialize("dpkg-merged-usr");
        var db = new PackageDatabase(tree.Root);
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/bin/newtool"));
        Assert.False(db.ReloadIfChanged());

        string info = Path.Combine(tree.Path, "var/lib/dpkg/info");
        File.WriteAllText(Path.Combine(info, "newtool.list"), "/.\n/usr/bin/newtool\n");
        Directory.SetLastWriteTimeUtc(info, DateTime.UtcNow.AddMinutes(1)); // coarse-mtime filesystems
        Assert.True(db.ReloadIfChanged());
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/newtool"));
    }

    [Fact]
    public void NoDatabaseMeansUnknownNeverNotOwned()
    {
        string empty = Directory.CreateTempSubdirectory("vpstop-nodb-").FullName;
        try
        {
            var db = new PackageDatabase(new SystemRoot(empty));
            Assert.Equal(PackageOwnership.Unknown, db.Lookup("/usr/bin/anything"));
            Assert.Contains("no package database", db.UnavailableReason);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    [Fact]
    public void RpmSystemIsUnknownBecauseItsDatabaseIsNotRead()
    {
        string root = Directory.CreateTempSubdirectory("vpstop-rpm-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "var/lib/rpm"));
            File.WriteAllBytes(Path.Combine(root, "var/lib/rpm/rpmdb.sqlite"), "SQLite format 3\0"u8.ToArray());
            var db = new PackageDatabase(new SystemRoot(root));
            Assert.Equal(PackageOwnership.Unknown, db.Lookup("/usr/bin/bash"));
            Assert.Equal("package ownership unknown (rpm database not readable)", db.UnavailableReason);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void RealDebianDatabaseOwnsTheSystemsPrograms()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var db = new PackageDatabase(SystemRoot.Live);
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/sleep")); // listed as /bin/sleep
        clock.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(db);
        output.WriteLine($"dpkg database: {db.PathCount} paths, first lookup (load) {clock.Elapsed.TotalMilliseconds:F0} ms, retained "
            + $"{(after - before) / 1024} KiB");

        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/sbin/sshd"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/python3.11"));
        Assert.Equal(PackageOwnership.Owned, db.Lookup("/usr/bin/ls"));
        Assert.Equal(PackageOwnership.NotOwned, db.Lookup("/usr/bin/vpstop-" + Guid.NewGuid().ToString("N")));
        Assert.True(db.PathCount > 10_000);
    }
}
