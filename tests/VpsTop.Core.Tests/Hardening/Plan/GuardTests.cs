using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Hardening.Plan;

/// <summary>Each lockout guard on a hand-written sandbox system: one case where it fires, one where it stays quiet.</summary>
public sealed class GuardTests
{
    private static readonly string[] PasswordsOff = ["PasswordAuthentication=no", "KbdInteractiveAuthentication=no"];

    private static GuardFinding? Finding(HardeningPlan plan, string id) => plan.Findings.SingleOrDefault(f => f.Id == id);

    [Fact]
    public void L1BlocksPasswordsOffWhenTheAdminHasNoKey()
    {
        using var s = new PlanSandbox();
        s.Box.Write("/home/alice/.ssh/authorized_keys", "# only a comment\nssh-ed25519 notbase64!! pasted\n");
        var plan = s.Plan(PlanSandbox.Admin("alice"), PasswordsOff);
        Assert.Equal(GuardSeverity.Block, Finding(plan, "L1")!.Severity);
        Assert.True(plan.Blocked);
        Assert.Contains("no key in /home/alice/.ssh/authorized_keys", Finding(plan, "L1")!.Evidence);
    }

    [Fact]
    public void L1CountsAuthenticationMethodsWithoutPasswordsAsPasswordsOff()
    {
        using var s = new PlanSandbox();
        Assert.Equal(GuardSeverity.Block, Finding(s.Plan(PlanSandbox.Admin("alice"), ["AuthenticationMethods=publickey"]), "L1")!.Severity);
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["AuthenticationMethods=publickey,password publickey"]), "L1"));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["AuthenticationMethods=any"]), "L1"));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void L1AcceptsAKeyBehindOptionsInACustomAuthorizedKeysFile()
    {
        using var s = new PlanSandbox("UsePAM yes\nAuthorizedKeysFile /etc/ssh/keys/%u.keys\n");
        s.Box.Write("/etc/ssh/keys/alice.keys", "from=\"10.0.0.0/8,203.0.113.7\",no-agent-forwarding,command=\"echo a b\" "
            + s.NewKey("ed25519") + "\n");
        var plan = s.Plan(PlanSandbox.Admin("alice"), PasswordsOff);
        Assert.Null(Finding(plan, "L1"));
        Assert.False(plan.Blocked);
    }

    [Fact]
    public void L2WarnsWhenKeyboardInteractiveKeepsPasswordsAlive()
    {
        using var s = new PlanSandbox();
        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        var plan = s.Plan(PlanSandbox.Admin("alice"), ["PasswordAuthentication=no"]);
        Assert.Equal(GuardSeverity.Warn, Finding(plan, "L2")!.Severity);
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), PasswordsOff), "L2"));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void L3BlocksAGroupWritableHomeOnlyWhilePasswordsGoAway()
    {
        using var s = new PlanSandbox();
        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), PasswordsOff), "L3"));

        File.SetUnixFileMode(s.Box.Root.Path("/home/alice"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var plan = s.Plan(PlanSandbox.Admin("alice"), PasswordsOff);
        Assert.Equal(GuardSeverity.Block, Finding(plan, "L3")!.Severity);
        Assert.Contains(Finding(plan, "L3")!.Evidence, e => e.StartsWith("/home/alice is GroupWrite", StringComparison.Ordinal));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["MaxAuthTries=4"]), "L3"));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void L3BlocksAKeyFileOwnedByAnotherUser()
    {
        using var s = new PlanSandbox();
        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        // alice (1000) owns her files except the key file, which bob (1001) owns; root-owned paths are fine.
        foreach (string p in new[] { "/home/alice", "/home/alice/.ssh" }) Run.Checked("/usr/bin/chown", "1000", s.Box.Root.Path(p));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), PasswordsOff), "L3"));
        Run.Checked("/usr/bin/chown", "1001", s.Box.Root.Path("/home/alice/.ssh/authorized_keys"));
        var plan = s.Plan(PlanSandbox.Admin("alice"), PasswordsOff);
        Assert.Equal("/home/alice/.ssh/authorized_keys is owned by uid 1001, not alice (1000) or root", Assert.Single(Finding(plan,
            "L3")!.Evidence));
    }

    [Fact]
    public void L4WarnsBelowThreeTries()
    {
        using var s = new PlanSandbox();
        Assert.Equal(GuardSeverity.Warn, Finding(s.Plan(PlanSandbox.Admin("alice"), ["MaxAuthTries=2"]), "L4")!.Severity);
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["MaxAuthTries=3"]), "L4"));
    }

    [Fact]
    public void L5BlocksRootLoginOffUntilASudoMemberHasAKey()
    {
        using var s = new PlanSandbox();
        s.AuthorizeKey("/root", s.NewKey("ed25519"));
        var plan = s.Plan(PlanSandbox.Admin("root"), ["PermitRootLogin=no"]);
        Assert.Equal(GuardSeverity.Block, Finding(plan, "L5")!.Severity);
        Assert.Contains("prohibit-password", Finding(plan, "L5")!.Text, StringComparison.Ordinal);

        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("root"), ["PermitRootLogin=no"]), "L5"));
    }

    [Fact]
    public void L6BlocksAccessListsThatAccumulateWithoutTheAdmin()
    {
        // The plan's AllowUsers carol replaces the existing bob (accumulating lines are commented out): alice is left out.
        using var s = new PlanSandbox("UsePAM yes\nAllowUsers bob\n");
        var plan = s.Plan(PlanSandbox.Admin("alice"), ["AllowUsers=carol"]);
        Assert.Equal(GuardSeverity.Block, Finding(plan, "L6")!.Severity);

        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["AllowUsers=alice@203.0.113.*"]), "L6"));

        using var open = new PlanSandbox();
        Assert.Equal("DenyGroups ops", Assert.Single(Finding(open.Plan(PlanSandbox.Admin("bob"), ["DenyGroups=ops"]), "L6")!.Evidence));
        Assert.Null(Finding(open.Plan(PlanSandbox.Admin("alice"), ["DenyGroups=ops"]), "L6"));
    }

    [Fact]
    public void L8BlocksRequiredRsaSizeAboveTheAdminsKey()
    {
        using var s = new PlanSandbox();
        string rsa2048 = s.NewKey("rsa", 2048);
        s.AuthorizeKey("/home/alice", rsa2048);
        var plan = s.Plan(PlanSandbox.Admin("alice"), ["RequiredRSASize=3072"]);
        Assert.Equal(GuardSeverity.Block, Finding(plan, "L8")!.Severity);
        Assert.Contains("/home/alice/.ssh/authorized_keys:1 RSA 2048 bits", Finding(plan, "L8")!.Evidence);

        s.AuthorizeKey("/home/alice", s.NewKey("rsa", 3072));
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["RequiredRSASize=3072"]), "L8"));
    }

    [Fact]
    public void PortBlocksABusyPortAndWarnsUnderSocketActivation()
    {
        using var s = new PlanSandbox();
        // 0x0CEA = 3306 listening (0A), 0x08AE = 2222 only in TIME_WAIT (06).
        s.Box.Write("/proc/net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 1 1 0 100 0 0 10 0\n"
            + "   1: 0100007F:08AE 0100007F:9C40 06 00000000:00000000 00:00000000 00000000     0        0 0 1 0 20 4 30 10 -1\n");
        s.Box.Write("/proc/net/tcp6",
            "  sl  local_address remote_address st\n   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A "
                + "0 0 0\n");
        Assert.Equal(GuardSeverity.Block, Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=3306"]), "Port")!.Severity);
        Assert.Equal(GuardSeverity.Block, Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=8080"]), "Port")!.Severity);
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=2222"]), "Port"));
        // The port sshd already uses is busy by sshd itself; the admin's session port is unknown here.
        using var on8080 = new PlanSandbox("UsePAM yes\nPort 8080\n");
        on8080.Box.Write("/proc/net/tcp6",
            "  sl  local_address remote_address st\n   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A "
                + "0 0 0\n");
        var unchanged = on8080.Plan(new AdminSession(null, null, null, null, null, new Dictionary<string, string>()), ["Port=8080"]);
        Assert.True(Assert.Single(unchanged.Items).AlreadySet);
        Assert.Empty(unchanged.Findings);

        s.Box.Write("/etc/systemd/system/sockets.target.wants/ssh.socket", "[Socket]\nListenStream=22\n");
        var warn = Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=2222"]), "Port")!;
        Assert.Equal(GuardSeverity.Warn, warn.Severity);
    }

    [Fact]
    public void A_new_port_that_ufw_would_drop_is_blocked_and_other_firewalls_are_named()
    {
        using var s = new PlanSandbox();
        // ufw as `ufw enable` + `ufw allow 22/tcp` leave it (written by hand from a Debian 12 box's files).
        s.Box.Write("/etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n");
        s.Box.Write("/etc/default/ufw", "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n");
        s.Box.Write("/etc/ufw/user.rules",
            "*filter\n### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j "
                + "ACCEPT\n");
        var blocked = Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=2222"]), "L12")!;
        Assert.Equal(GuardSeverity.Block, blocked.Severity);
        Assert.Contains("ufw allow 2222/tcp", blocked.Text);

        s.Box.Write("/etc/ufw/user.rules",
            "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n### tuple ### allow tcp 2222 0.0.0.0/0 any 0.0.0.0/0 in\n");
        Assert.Null(Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=2222"]), "L12"));

        s.Box.Write("/etc/ufw/ufw.conf", "ENABLED=no\n");
        s.Box.Write("/etc/nftables.conf",
            "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n");
        var warn = Finding(s.Plan(PlanSandbox.Admin("alice"), ["Port=2200"]), "L12")!;
        Assert.Equal(GuardSeverity.Warn, warn.Severity);
        Assert.Contains("policy drop", warn.Text);
    }
}
