using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Install;

/// <summary>install.sh with a prebuilt binary into a temporary prefix: installs, is idempotent, uninstalls,
/// and refuses bad input without changing anything.</summary>
[Trait("Category", "Root")]
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("vpstop-prefix-").FullName;
    private static readonly string Script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..",
        "install.sh"));

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    /// <summary>The NativeAOT binary tests/run.sh publishes: the one file install.sh is meant to install.</summary>
    private static string Binary => Vpstop.AotBinary
        ?? throw new
            InvalidOperationException("VPSTOP_BIN is not set: run tests/run.sh, which publishes the NativeAOT binary these tests install");

    private static (int Exit, string Out, string Err) Install(params string[] args) =>
        Run.Capture("/bin/bash", new[] { Script }.Concat(args), TimeSpan.FromMinutes(5));

    [Fact]
    public void Installs_a_prebuilt_binary_twice_then_uninstalls_it()
    {
        Assert.True(File.Exists(Script), Script);
        string target = Path.Combine(_prefix, "bin", "vpstop");
        for (int i = 0; i < 2; i++)
        {
            var (exit, output, error) = Install("--binary", Binary, "--prefix", _prefix);
            Assert.True(exit == 0, output + error);
            Assert.Contains($"installed {target}", output);
        }
        Assert.True(File.Exists(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
            UnixFileMode.GroupExecute
                     | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(target));
        Assert.Empty(Directory.GetFiles(Path.Combine(_prefix, "bin"), ".vpstop.new.*"));
        var version = Run.Capture(target, "--version");
        Assert.Equal(0, version.Exit);

        var removed = Install("--uninstall", "--prefix", _prefix);
        Assert.Equal(0, removed.Exit);
        Assert.False(File.Exists(target));
        Assert.Contains("nothing to remove", Install("--uninstall", "--prefix", _prefix).Out);
    }

    [Fact]
    public void Bad_input_fails_clearly_and_installs_nothing()
    {
        var unknown = Install("--frobnicate");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("unknown option '--frobnicate'", unknown.Err);

        var relative = Install("--prefix", "relative/dir");
        Assert.Equal(1, relative.Exit);
        Assert.Contains("absolute path", relative.Err);

        string notElf = Path.Combine(_prefix, "not-a-binary");
        File.WriteAllText(notElf, "#!/bin/sh\necho hi\n");
        var bad = Install("--binary", notElf, "--prefix", _prefix);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("not a Linux executable", bad.Err);

        // A framework-dependent launcher would install and then fail without its .dll beside it.
        string launcher = Path.Combine(AppContext.BaseDirectory, "vpstop");
        var apphost = Install("--binary", launcher, "--prefix", _prefix);
        Assert.Equal(1, apphost.Exit);
        Assert.Contains("not the NativeAOT binary", apphost.Err);

        var missing = Install("--binary", Path.Combine(_prefix, "absent"), "--prefix", _prefix);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no such file", missing.Err);

        Assert.False(Directory.Exists(Path.Combine(_prefix, "bin")));
    }
}
