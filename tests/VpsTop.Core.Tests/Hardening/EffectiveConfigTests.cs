using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class EffectiveConfigTests
{
    [Fact]
    public void FirstValueWinsButPortAcceptEnvAndAllowUsersAccumulate()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\n" +
            "PasswordAuthentication yes\nPermitRootLogin yes\nPort 22\nAcceptEnv LANG\nAllowUsers alice\n" +
            "ChallengeResponseAuthentication yes\n" +
            "PubkeyAcceptedKeyTypes ssh-ed25519\n" +
            "LoginGraceTime 1m30s\n" +
            "SetEnv A=1 \"B=two words\"\n" +
            "AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/keys/%u\n" +
            "# a naive editor appended:\n" +
            "PasswordAuthentication no\nPermitRootLogin no\nPort 2222\nAcceptEnv LC_*\nAllowUsers bob root\n" +
            "KbdInteractiveAuthentication no\nPubkeyAcceptedAlgorithms rsa-sha2-512\n");

        var tree = box.Load();
        var ours = EffectiveConfig.Compute(tree);
        Assert.Equal("yes", ours.Value("PasswordAuthentication"));
        Assert.Equal("/etc/ssh/sshd_config:2", ours.Get("passwordauthentication")!.Sources.Single().Where);
        Assert.Equal(["22", "2222"], ours.Get("Port")!.Values);
        Assert.Equal(["alice", "bob", "root"], ours.Get("AllowUsers")!.Values);
        Assert.Equal("yes", ours.Value("KbdInteractiveAuthentication"));   // alias shares the slot
        Assert.Equal("ssh-ed25519", ours.Value("PubkeyAcceptedAlgorithms"));

        SshdT sshd = box.Effective(tree);
        Assert.Empty(SshdOracle.Disagreements(ours, sshd));
        Assert.Equal("yes", sshd.Value("passwordauthentication"));
        Assert.Equal("yes", sshd.Value("permitrootlogin"));
        Assert.Equal(["22", "2222"], sshd.Get("port"));
        Assert.Equal(["LANG", "LC_*"], sshd.Get("acceptenv"));
        Assert.Equal(["alice", "bob", "root"], sshd.Get("allowusers"));
        Assert.Equal("yes", sshd.Value("kbdinteractiveauthentication"));
        Assert.Equal("ssh-ed25519", sshd.Value("pubkeyacceptedalgorithms"));
        Assert.Equal("90", sshd.Value("logingracetime"));
        Assert.Equal(["A=1", "B=two words"], sshd.Get("setenv"));
        Assert.Equal(".ssh/authorized_keys /etc/ssh/keys/%u", sshd.Value("authorizedkeysfile"));
    }

    [Fact]
    public void CloudInitDropInOverridesTheMainFileInOurModelAndInSshd()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n" + box.HostKeyLine + "\nPasswordAuthentication no\n");
        box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");

        var tree = box.Load();
        var ours = EffectiveConfig.Compute(tree);
        EffectiveSetting password = ours.Get("PasswordAuthentication")!;
        Assert.Equal(["yes"], password.Values);
        Assert.Equal("/etc/ssh/sshd_config.d/50-cloud-init.conf:1", password.Sources.Single().Where);

        SshdT sshd = box.Effective(tree);
        Assert.Equal("yes", sshd.Value("passwordauthentication"));
        Assert.Empty(SshdOracle.Disagreements(ours, sshd));
    }

    [Fact]
    public void MatchUserAndAddressBlocksAreEvaluatedLikeSshdWithC()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\n" +
            "PasswordAuthentication no\nMaxAuthTries 3\nAllowUsers alice deploy root\n" +
            "Match User deploy,!root Address 10.0.0.0/8,!10.9.9.9\n" +
            "  PasswordAuthentication yes\n  AllowUsers deploy\n" +
            "Match Address 192.168.1.*\n" +
            "  MaxAuthTries 6\n  PasswordAuthentication yes\n" +
            "Match all\n" +
            "  X11Forwarding no\n  MaxAuthTries 5\n");

        var tree = box.Load();
        var contexts = new[]
        {
            new ConnectionContext(User: "deploy", Host: "10.1.2.3", Address: "10.1.2.3", LocalPort: 22),
            new ConnectionContext(User: "deploy", Host: "10.9.9.9", Address: "10.9.9.9", LocalPort: 22),
            new ConnectionContext(User: "alice", Host: "192.168.1.20", Address: "192.168.1.20", LocalPort: 22),
            new ConnectionContext(User: "root", Host: "203.0.113.7", Address: "203.0.113.7", LocalPort: 22),
        };
        string[] expectedPassword = ["yes", "no", "yes", "no"];
        for (int i = 0; i < contexts.Length; i++)
        {
            var ours = EffectiveConfig.Compute(tree, contexts[i]);
            SshdT sshd = box.Effective(tree, contexts[i]);
            Assert.Empty(SshdOracle.Disagreements(ours, sshd));
            Assert.Equal(expectedPassword[i], sshd.Value("passwordauthentication"));
            Assert.Equal(expectedPassword[i], ours.Value("PasswordAuthentication"));
            Assert.Equal(sshd.Get("allowusers"), ours.Get("AllowUsers")!.Values);
            Assert.Equal(sshd.Value("maxauthtries"), ours.Value("MaxAuthTries"));
        }

        // Without -C only "Match all" applies, and it overrides the global MaxAuthTries.
        var plain = EffectiveConfig.Compute(tree);
        Assert.Equal("5", plain.Value("MaxAuthTries"));
        Assert.Equal("5", box.Effective(tree).Value("maxauthtries"));

        var overrides = EffectiveConfig.MatchOverrides(tree, "PasswordAuthentication");
        Assert.Equal([6, 10], overrides.Select(d => d.LineNumber));
        Assert.Single(EffectiveConfig.MatchOverrides(tree, "PasswordAuthentication", contexts[2]));
    }

    [Fact]
    public void DuplicateSubsystemAndGlobalOnlyKeywordInMatchAreProblemsSshdAgrees()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine
            + "\nSubsystem sftp /usr/lib/openssh/sftp-server\nSubsystem sftp internal-sftp\n");
        var tree = box.Load();
        Assert.Contains(EffectiveConfig.Compute(tree).Problems, p => p.SshdRejects && p.Message.Contains("already defined",
            StringComparison.Ordinal));
        SshdRun run = box.Sshd.Test(box.Stage(tree));
        Assert.Equal(255, run.ExitCode);
        Assert.Contains(run.Stderr, l => l.Contains("Subsystem 'sftp' already defined", StringComparison.Ordinal));

        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nMatch User deploy\n  Port 2222\n");
        tree = box.Load();
        Assert.Contains(EffectiveConfig.Compute(tree).Problems, p => p.SshdRejects && p.Message.Contains("not allowed within a Match",
            StringComparison.Ordinal));
        run = box.Sshd.Test(box.Stage(tree));
        Assert.Equal(255, run.ExitCode);
        Assert.Contains(run.Stderr, l => l.Contains("is not allowed within a Match block", StringComparison.Ordinal));
    }

    [Fact]
    public void MatchGroupUsesTheUsersGroupsLikeSshd()
    {
        using var box = new SshdSandbox();
        // sshd resolves groups from the real machine; our model reads the same files through the sandbox root.
        box.WriteBytes("/etc/passwd", File.ReadAllBytes("/etc/passwd"));
        box.WriteBytes("/etc/group", File.ReadAllBytes("/etc/group"));
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine
            + "\nMaxSessions 10\nMatch Group root,!nogroup\n  MaxSessions 2\nMatch Group nogroup\n  MaxSessions 3\n");
        var tree = box.Load();
        foreach (string user in new[] { "root", "nobody" })
        {
            var context = new ConnectionContext(User: user, Host: "192.0.2.9", Address: "192.0.2.9", LocalPort: 22,
                Groups: UserGroups.Of(box.Root, user));
            var ours = EffectiveConfig.Compute(tree, context);
            SshdT sshd = box.Effective(tree, context);
            Assert.Equal(user == "root" ? "2" : "3", sshd.Value("maxsessions"));
            Assert.Empty(SshdOracle.Disagreements(ours, sshd));
        }
    }
}
