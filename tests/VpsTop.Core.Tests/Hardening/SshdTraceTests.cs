using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

/// <summary>sshd -T -ddd says which file:line it read as active and which files it included: our tree and pass
/// model must produce exactly the same provenance, line for line.</summary>
public sealed class SshdTraceTests
{
    private static void AssertSameProvenance(SshdSandbox box, SshdConfigTree tree, ConnectionContext[] contexts,
        IReadOnlyList<string>? options = null)
    {
        SshdTrace global = box.Trace(tree, null, options);
        Assert.NotEmpty(global.Settings);
        Assert.Equal(tree.Files.Skip(1), global.Included);
        Assert.Equal(tree.Includes.Where(i => i.Files.Count == 0).Select(i => i.Resolved), global.NoMatch);
        Assert.Equal(
            global.Settings.Where(s => !s.ConnectionPass).Select(s => (s.File, s.Line, s.Keyword)),
            EffectiveConfig.ActiveLines(tree).Select(d => (d.File, d.LineNumber, d.Keyword)));

        foreach (ConnectionContext context in contexts)
        {
            SshdTrace trace = context == ConnectionContext.None ? global : box.Trace(tree, context, options);
            Assert.Equal(
                trace.Settings.Where(s => s.ConnectionPass).Select(s => (s.File, s.Line, s.Keyword)),
                EffectiveConfig.ActiveLines(tree, context).Select(d => (d.File, d.LineNumber, d.Keyword)));
        }
    }

    [Fact]
    public void NestedIncludesAndMatchBlocksGiveSshdsProvenance()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\n" +
            "Include conf.d/*.conf\n" +
            "Include /etc/ssh/missing/*.conf\n" +
            "PasswordAuthentication no\n" +
            "Match User deploy\n" +
            "  X11Forwarding yes\n" +
            "  Include inmatch.conf\n" +
            "  MaxSessions 7\n" +
            "Match all\n" +
            "  MaxSessions 4\n");
        box.Write("/etc/ssh/conf.d/10-a.conf", "PasswordAuthentication yes\nMatch Address 10.0.0.0/8\n  MaxAuthTries 2\n");
        box.Write("/etc/ssh/conf.d/20-b.conf", "Include nested.conf\nAcceptEnv B\n");
        box.Write("/etc/ssh/nested.conf", "AcceptEnv N\n");
        box.Write("/etc/ssh/inmatch.conf", "AllowTcpForwarding no\nMatch Address 192.168.0.0/16\n  PermitTTY no\n");

        var tree = box.Load();
        Assert.Empty(tree.Problems);
        ConnectionContext[] contexts =
        [
            ConnectionContext.None,
            new(User: "deploy", Host: "10.1.1.1", Address: "10.1.1.1", LocalPort: 22),
            new(User: "deploy", Host: "192.168.1.1", Address: "192.168.1.1", LocalPort: 22),
            new(User: "alice", Host: "10.1.1.1", Address: "10.1.1.1", LocalPort: 22),
        ];
        AssertSameProvenance(box, tree, contexts);
        // Spot checks that the compared lists are the interesting ones.
        Assert.Contains(EffectiveConfig.ActiveLines(tree, contexts[2]), d => d.Where == "/etc/ssh/inmatch.conf:3");
        Assert.DoesNotContain(EffectiveConfig.ActiveLines(tree, contexts[1]), d => d.Where == "/etc/ssh/inmatch.conf:3");
        Assert.Contains(EffectiveConfig.ActiveLines(tree), d => d.Where == "/etc/ssh/sshd_config:10"); // Match all is active globally
        Assert.Equal(["/etc/ssh/conf.d/10-a.conf", "/etc/ssh/conf.d/20-b.conf", "/etc/ssh/nested.conf", "/etc/ssh/inmatch.conf"],
            tree.Files.Skip(1));

        // The values agree too, for each connection.
        foreach (ConnectionContext context in contexts)
            Assert.Empty(SshdOracle.Disagreements(EffectiveConfig.Compute(tree, context), box.Effective(tree, context)));
    }

    [Fact]
    public void DebianShippedFileWithDropInsGivesSshdsProvenance()
    {
        using var box = new SshdSandbox();
        box.WriteBytes("/etc/ssh/sshd_config", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sshd",
            "debian12-sshd_config")));
        box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
        box.Write("/etc/ssh/sshd_config.d/99-local.conf", "X11Forwarding no\nMatch User backup\n  ForceCommand /usr/bin/true\n");
        var tree = box.Load();
        AssertSameProvenance(box, tree, [new ConnectionContext(User: "backup", Host: "192.0.2.1", Address: "192.0.2.1", LocalPort: 22)],
            box.KeyOption);
    }
}
