using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Plan;

namespace VpsTop.Core.Tests.Hardening.Plan;

public sealed class HardeningPlannerTests
{
    private const string DropIn = "/etc/ssh/sshd_config.d/00-vpstop.conf";

    private static PlanSandbox DebianWithCloudInit()
    {
        var s = new PlanSandbox();
        s.Box.WriteBytes("/etc/ssh/sshd_config", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sshd",
            "debian12-sshd_config")));
        s.Box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        return s;
    }

    [Fact]
    [Trait("Category", "Root")]
    public void WholeBaselineLandsInTheEarlyDropInAndTheRealSshdConfirmsEveryValue()
    {
        using var s = DebianWithCloudInit();
        Version? version = s.Box.Sshd.Version();
        var chosen = Baseline.For(version).Where(i => i.Value is not null).ToList();
        var admin = PlanSandbox.Admin("alice");

        var plan = HardeningPlanner.Plan(s.Box.Load(), chosen, [], admin, s.Box.Sshd, s.Box.Root, s.Box.KeyOption);

        Assert.Empty(plan.Errors);
        Assert.True(plan.Placement.IsNewFile(DropIn));
        Assert.Equal("# PasswordAuthentication yes\n", plan.Placement.Documents["/etc/ssh/sshd_config.d/50-cloud-init.conf"].ToString());
        Assert.NotNull(plan.Verification);
        Assert.True(plan.Verification!.Loads, string.Join(" | ", plan.Verification.Errors));
        Assert.Empty(plan.Verification.Misses);
        // Debian already ships KbdInteractiveAuthentication no and UsePAM yes: that item is not written again.
        PlannedItem kbd = plan.Items.Single(i => i.Keyword == "KbdInteractiveAuthentication");
        Assert.True(kbd.AlreadySet);
        Assert.Equal("/etc/ssh/sshd_config:62", kbd.CurrentWhere);
        Assert.DoesNotContain("KbdInteractiveAuthentication", plan.Placement.Documents[DropIn].ToString(), StringComparison.Ordinal);
        PlannedItem password = plan.Items.Single(i => i.Keyword == "PasswordAuthentication");
        Assert.Equal(("yes", "/etc/ssh/sshd_config.d/50-cloud-init.conf:1", false), (password.Current, password.CurrentWhere,
            password.AlreadySet));
        Assert.Contains("L1", password.GuardIds);
        // Upstream's default is already in force: sshd -T says so, nothing is written for it.
        PlannedItem empty = plan.Items.Single(i => i.Keyword == "PermitEmptyPasswords");
        Assert.Equal(("no", null, true), (empty.Current, empty.CurrentWhere, empty.AlreadySet));
        Assert.DoesNotContain("PermitEmptyPasswords", plan.Placement.Documents[DropIn].ToString(), StringComparison.Ordinal);
        Assert.Contains("X11Forwarding no", plan.Placement.Documents[DropIn].ToString(), StringComparison.Ordinal);
        Assert.False(plan.Blocked, string.Join(" | ", plan.Findings.Select(f => f.Text)));
    }

    [Fact]
    public void VerificationReportsAValueAMatchBlockOverridesForTheAdmin()
    {
        using var s = DebianWithCloudInit();
        s.Box.Write("/etc/ssh/sshd_config", File.ReadAllText(s.Box.Root.Path("/etc/ssh/sshd_config"))
            + "Match Address 203.0.113.0/24\n    X11Forwarding yes\n");
        var plan = HardeningPlanner.Plan(s.Box.Load(), [], ["X11Forwarding=no", "MaxAuthTries=4"], PlanSandbox.Admin("alice"), s.Box.Sshd,
            s.Box.Root, s.Box.KeyOption);
        Assert.True(plan.Verification!.Loads);
        Assert.Equal(new VerificationMiss("X11Forwarding", "no", "yes"), Assert.Single(plan.Verification.Misses));
    }

    [Fact]
    public void ChoosingOnePasswordSwitchBringsItsPartnerWithoutAnSshd()
    {
        using var s = new PlanSandbox("UsePAM yes\nLoginGraceTime 1m\n");
        s.AuthorizeKey("/home/alice", s.NewKey("ed25519"));
        var chosen = Baseline.For(null).Where(i => i.Keyword is "PasswordAuthentication" or "LoginGraceTime").ToList();
        var plan = s.Plan(PlanSandbox.Admin("alice"), [], chosen);
        Assert.Equal(["PasswordAuthentication", "LoginGraceTime", "KbdInteractiveAuthentication"], plan.Items.Select(i => i.Keyword));
        Assert.Null(plan.Verification);
        // 1m and 60 are the same time to sshd.
        Assert.True(plan.Items.Single(i => i.Keyword == "LoginGraceTime").AlreadySet);
        Assert.Null(plan.Findings.FirstOrDefault(f => f.Id == "L2"));
        Assert.Equal(["PasswordAuthentication", "KbdInteractiveAuthentication"], plan.Placement.Decisions.Select(d => d.Keyword));
    }

    [Fact]
    public void BadSetsAreRefusedAndLeftOutOfThePlan()
    {
        using var s = new PlanSandbox();
        var plan = s.Plan(PlanSandbox.Admin("alice"), ["PermitRootLogon=no", "UsePAM=no", "MaxAuthTries=", "novalue", "Banner=\"x",
            "LogLevel=INFO"]);
        Assert.Equal(5, plan.Errors.Count);
        Assert.Contains(plan.Errors, e => e.Contains("PermitRootLogon", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.Contains("UsePAM is never changed", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.Contains("empty value", StringComparison.Ordinal));
        Assert.Equal("LogLevel", Assert.Single(plan.Items).Keyword);
        Assert.Equal("INFO", Assert.Single(plan.Placement.Decisions).Args.Single());
    }
}
