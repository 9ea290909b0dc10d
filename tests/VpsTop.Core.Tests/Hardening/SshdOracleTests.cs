using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class SshdOracleTests
{
    [Fact]
    public void ReadsTheInstalledVersion()
    {
        using var box = new SshdSandbox();
        Assert.Equal(new Version(9, 2), box.Sshd.Version());
    }

    [Fact]
    public void KeywordNewerThanTheInstalledSshdIsFlaggedAndSshdRejectsIt()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nPerSourcePenalties yes\n");
        var tree = box.Load();
        SshdProblem problem = Assert.Single(SshdVersionGate.Problems(tree, box.Sshd.Version()!));
        Assert.Equal("/etc/ssh/sshd_config:2", problem.Where);
        Assert.Empty(SshdVersionGate.Problems(tree, new Version(9, 8)));

        SshdRun run = box.Sshd.Test(box.Stage(tree));
        Assert.Equal(255, run.ExitCode);
        Assert.Contains(run.Stderr, l => l.EndsWith("line 2: Bad configuration option: PerSourcePenalties", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Stderr, l => l.Contains('\r'));
    }

    [Fact]
    public void MalformedMatchLinesAreFlaggedLikeSshd()
    {
        using var box = new SshdSandbox();
        foreach (string match in new[] { "Match Address 10.0.0.1/8", "Match User", "Match Colour blue", "Match all User x" })
        {
            box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\n" + match + "\n  PasswordAuthentication no\n");
            var tree = box.Load();
            Assert.Contains(tree.Problems, p => p.SshdRejects && p.Where == "/etc/ssh/sshd_config:2");
            Assert.Equal(255, box.Sshd.Test(box.Stage(tree)).ExitCode);
        }
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine
            + "\nMatch Address 10.0.0.0/8,!10.1.0.0/16 LocalPort 22\n  PasswordAuthentication no\n");
        var good = box.Load();
        Assert.Empty(good.Problems);
        Assert.True(box.Sshd.Test(box.Stage(good)).Ok);
    }

    [Fact]
    public void MatchLocalPortNeedsLportInTheSpec()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nMatch LocalPort 2222\n  PasswordAuthentication no\n");
        var tree = box.Load();
        string main = box.Stage(tree);
        // sshd 9.2 treats a missing lport as fatal, unlike missing user/addr: callers must always pass it.
        SshdRun without = box.Sshd.Dump(main, new ConnectionContext(User: "root"));
        Assert.Equal(255, without.ExitCode);
        Assert.Contains(without.Stderr, l => l.Contains("'lport' not in connection test specification", StringComparison.Ordinal));

        var on2222 = new ConnectionContext(User: "root", Address: "192.0.2.1", Host: "192.0.2.1", LocalPort: 2222);
        SshdT sshd = box.Effective(tree, on2222);
        Assert.Equal("no", sshd.Value("passwordauthentication"));
        Assert.Equal("no", EffectiveConfig.Compute(tree, on2222).Value("PasswordAuthentication"));
    }

    [Fact]
    public void RefusesTestSpecFieldsThatCouldSmuggleAnotherField()
    {
        var oracle = new SshdOracle();
        Assert.Throws<ArgumentException>(() => oracle.Dump("/nonexistent", new ConnectionContext(User: "root,addr=1.2.3.4")));
        Assert.Throws<ArgumentException>(() => oracle.Dump("/nonexistent", new ConnectionContext(User: "root", Address: "1.2.3.4,user=x")));
    }

    [Fact]
    public void DisagreementsAreReportedWhenOurModelIsWrong()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nPasswordAuthentication no\nMaxAuthTries 3\n");
        var tree = box.Load();
        SshdT sshd = box.Effective(tree);
        // sshd -T of a different file stands in for "sshd reads something we did not model".
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nPasswordAuthentication yes\nMaxAuthTries 3\n");
        var other = EffectiveConfig.Compute(box.Load());
        ConfigDisagreement d = Assert.Single(SshdOracle.Disagreements(other, sshd));
        Assert.Equal("passwordauthentication", d.Keyword);
        Assert.Equal(["yes"], d.Ours);
        Assert.Equal(["no"], d.Sshd);
        Assert.Equal("/etc/ssh/sshd_config:2", d.Sources.Single().Where);
    }
}
