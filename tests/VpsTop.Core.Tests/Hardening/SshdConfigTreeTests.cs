using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class SshdConfigTreeTests
{
    [Fact]
    public void IncludesFollowGlobOrderRelativePathsAndSkipMissingGlobs()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\n" +
            "Include /etc/ssh/conf.d/*.conf\n" +
            "Include extra/relative.conf\n" +   // relative: sshd reads /etc/ssh/extra/relative.conf
            "Include /etc/ssh/nothing.d/*.conf\n" +
            "MaxSessions 9\n");
        box.Write("/etc/ssh/conf.d/50-b.conf", "MaxAuthTries 5\nAcceptEnv B\n");
        box.Write("/etc/ssh/conf.d/05-a.conf", "MaxAuthTries 2\nAcceptEnv A\n");
        box.Write("/etc/ssh/conf.d/A-upper.conf", "AcceptEnv UPPER\n");  // 'A' (0x41) sorts before 'a'? no: after digits, before lower case
        box.Write("/etc/ssh/conf.d/ignored.txt", "MaxAuthTries 1\n");
        box.Write("/etc/ssh/conf.d/.hidden.conf", "MaxAuthTries 1\n");
        box.Write("/etc/ssh/extra/relative.conf", "AcceptEnv REL\nMaxSessions 3\n");

        var tree = box.Load();
        Assert.Equal(["/etc/ssh/sshd_config", "/etc/ssh/conf.d/05-a.conf", "/etc/ssh/conf.d/50-b.conf", "/etc/ssh/conf.d/A-upper.conf",
            "/etc/ssh/extra/relative.conf"], tree.Files);
        SshdInclude missing = tree.Includes.Single(i => i.Pattern.Contains("nothing", StringComparison.Ordinal));
        Assert.Empty(missing.Files);
        Assert.Equal("/etc/ssh/extra/relative.conf", tree.Includes.Single(i => i.Pattern == "extra/relative.conf").Resolved);
        Assert.DoesNotContain(tree.Problems, p => p.SshdRejects);

        var ours = EffectiveConfig.Compute(tree);
        Assert.Equal("2", ours.Value("MaxAuthTries"));
        Assert.Equal("/etc/ssh/conf.d/05-a.conf:1", ours.Get("maxauthtries")!.Sources[0].Where);
        Assert.Equal(["A", "B", "UPPER", "REL"], ours.Get("AcceptEnv")!.Values);
        Assert.Equal("3", ours.Value("MaxSessions"));

        SshdT sshd = box.Effective(tree);
        Assert.Empty(SshdOracle.Disagreements(ours, sshd));
        Assert.Equal(["A", "B", "UPPER", "REL"], sshd.Get("acceptenv"));
        Assert.Equal("2", sshd.Value("maxauthtries"));
    }

    [Fact]
    public void IncludeCycleIsReportedAndSshdRejectsIt()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nInclude /etc/ssh/a.conf\n");
        box.Write("/etc/ssh/a.conf", "Include b.conf\nMaxAuthTries 4\n");
        box.Write("/etc/ssh/b.conf", "Include /etc/ssh/a.conf\n");

        var tree = box.Load();
        SshdProblem cycle = Assert.Single(tree.Problems, p => p.Message.Contains("cycle", StringComparison.Ordinal));
        Assert.True(cycle.SshdRejects);
        Assert.Equal("/etc/ssh/b.conf:1", cycle.Where);
        Assert.Equal("4", EffectiveConfig.Compute(tree).Value("MaxAuthTries"));

        SshdRun run = box.Sshd.Test(box.Stage(tree));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(run.Stderr, l => l.Contains("Too many recursive configuration includes", StringComparison.Ordinal));
    }

    [Fact]
    public void MatchOpenedInAnIncludedFileDoesNotLeakBack()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nInclude /etc/ssh/N.d/*.conf\nPasswordAuthentication no\nPort 2222\n");
        box.Write("/etc/ssh/N.d/10-match.conf", "Match User deploy\nX11Forwarding yes\n");

        var tree = box.Load();
        SshdDirective x11 = tree.Directives.Single(d => d.Line.Is("X11Forwarding"));
        Assert.False(x11.IsGlobal);
        Assert.True(tree.Directives.Single(d => d.Line.Is("Port")).IsGlobal);

        var global = EffectiveConfig.Compute(tree);
        Assert.Null(global.Get("X11Forwarding"));
        SshdT sshd = box.Effective(tree);
        Assert.Empty(SshdOracle.Disagreements(global, sshd));
        Assert.Equal(["2222"], sshd.Get("port"));
        Assert.Equal("no", sshd.Value("x11forwarding"));

        var deploy = new ConnectionContext(User: "deploy", Host: "10.1.2.3", Address: "10.1.2.3", LocalPort: 22);
        var ours = EffectiveConfig.Compute(tree, deploy);
        Assert.Equal("yes", ours.Value("X11Forwarding"));
        SshdT theirs = box.Effective(tree, deploy);
        Assert.Equal("yes", theirs.Value("x11forwarding"));
        Assert.Empty(SshdOracle.Disagreements(ours, theirs));
    }

    [Fact]
    public void DebianShippedFileLoadsWithItsIncludeAndAgreesWithSshd()
    {
        using var box = new SshdSandbox();
        box.WriteBytes("/etc/ssh/sshd_config", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sshd",
            "debian12-sshd_config")));
        Directory.CreateDirectory(box.Root.Path("/etc/ssh/sshd_config.d"));

        var tree = box.Load();
        Assert.Equal("/etc/ssh/sshd_config.d/*.conf", Assert.Single(tree.Includes).Resolved);
        Assert.Empty(tree.Problems);
        var ours = EffectiveConfig.Compute(tree);
        Assert.Equal(["sftp /usr/lib/openssh/sftp-server"], ours.Get("Subsystem")!.Values);
        SshdT sshd = box.Effective(tree, options: box.KeyOption);
        Assert.Empty(SshdOracle.Disagreements(ours, sshd));
        Assert.Equal("without-password", sshd.Value("permitrootlogin")); // the default, printed in its old name
        Assert.Equal(["LANG", "LC_*"], sshd.Get("acceptenv"));
    }
}
