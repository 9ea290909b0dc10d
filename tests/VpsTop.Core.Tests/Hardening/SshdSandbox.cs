using System.Diagnostics;
using System.Text;
using VpsTop.Core.Hardening;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Hardening;

/// <summary>
/// A private system root for sshd config trees ("/etc/ssh/…" under a temp dir), a throw-away host key, and the
/// real /usr/sbin/sshd to judge staged copies. Never touches the machine's /etc/ssh or a running sshd; creates
/// /run/sshd if missing (sshd -t refuses to run without it). Everything is deleted on dispose.
/// </summary>
internal sealed class SshdSandbox : IDisposable
{
    private int _stages;

    public SshdSandbox()
    {
        Dir = Directory.CreateTempSubdirectory("vpstop-sshd-").FullName;
        try
        {
            Root = new SystemRoot(Path.Combine(Dir, "root"));
            Directory.CreateDirectory(Root.Path("/etc/ssh"));
            Directory.CreateDirectory(Path.Combine(Dir, "keys"));
            HostKey = Path.Combine(Dir, "keys", "host_ed25519");
            RealSshd.NewKey(HostKey);
            SshdOracle.EnsurePrivilegeSeparationDir(create: true);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Dir { get; }
    public SystemRoot Root { get; }
    public string HostKey { get; }
    public SshdOracle Sshd { get; } = new();

    /// <summary>A HostKey line for the temp key, for hand-written configs.</summary>
    public string HostKeyLine => $"HostKey {HostKey}";

    /// <summary>The -o option giving sshd the temp key, for files that name no HostKey (Debian's).</summary>
    public IReadOnlyList<string> KeyOption => [$"HostKey={HostKey}"];

    public void Write(string systemPath, string text) => WriteBytes(systemPath, Encoding.UTF8.GetBytes(text));

    public void WriteBytes(string systemPath, byte[] bytes)
    {
        string path = Root.Path(systemPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes a plan's documents into the sandbox root, as an apply would.</summary>
    public void Apply(PlacementPlan plan)
    {
        foreach (var (path, doc) in plan.Documents) WriteBytes(path, doc.ToBytes());
    }

    public SshdConfigTree Load() => SshdConfigTree.Load(Root);

    /// <summary>Stages the tree (Includes rewritten to the staged copy) and returns the main file to pass to sshd.</summary>
    public string Stage(SshdConfigTree tree, IReadOnlyDictionary<string, SshdConfigDocument>? replacements = null) =>
        SshdStaging.Stage(tree, replacements, Path.Combine(Dir, $"stage{++_stages}"));

    /// <summary>sshd -T -ddd on a staged copy, paths mapped back to system paths.</summary>
    public SshdTrace Trace(SshdConfigTree tree, ConnectionContext? context = null, IReadOnlyList<string>? options = null)
    {
        string dir = Path.Combine(Dir, $"stage{++_stages}");
        string main = SshdStaging.Stage(tree, null, dir);
        return Sshd.Trace(main, context, options, dir);
    }

    public SshdT Effective(SshdConfigTree tree, ConnectionContext? context = null, IReadOnlyList<string>? options = null)
    {
        string main = Stage(tree);
        SshdRun run = Sshd.Dump(main, context, options);
        Assert.True(run.Ok, $"sshd -T failed ({run.ExitCode}): {string.Join(" | ", run.Stderr)}");
        return SshdT.Parse(run.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
