using VpsTop.Core.Hardening;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;
using VpsTop.Tui;

namespace VpsTop.Tests.Tui;

/// <summary>A Hardening service over a hand-written sshd_config in a temp directory (judged by the real sshd), for
/// pane tests; its state directory is its own. Deleted when the test process exits.</summary>
public sealed class HardeningFixture
{
    private static readonly Lazy<HardeningFixture> Shared = new(() => new HardeningFixture());

    public HardeningFixture()
    {
        Dir = Directory.CreateTempSubdirectory("vpstop-hardpane-").FullName;
        var keygen = Run.Capture("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Dir, "host"));
        Assert.Equal(0, keygen.Exit);
        File.WriteAllText(Config, $"""
            Port 22
            HostKey {Dir}/host
            PidFile {Dir}/sshd.pid
            PermitRootLogin yes
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            UsePAM no
            MaxAuthTries 3

            """);
        Directory.CreateDirectory("/run/sshd");
        Service = ServiceWith(new SshdOracle());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } };
    }

    public static HardeningService SharedService => Shared.Value.Service;

    public string Dir { get; }
    public string Config => Path.Combine(Dir, "sshd_config");
    public HardeningService Service { get; }

    /// <summary>A service over this config that asks <paramref name="oracle"/> (a slow sshd, say).</summary>
    public HardeningService ServiceWith(SshdOracle oracle)
    {
        var (program, prefix) = Vpstop.Command();
        return new HardeningService(SystemRoot.Live, oracle, Config, Path.Combine(Dir, "state"), [program, .. prefix]);
    }
}
