using VpsTop.Core.Hardening.Plan;

namespace VpsTop.Core.Tests.Hardening.Plan;

public sealed class AdminSessionTests
{
    [Fact]
    public void ReadsLoginUidSudoUserAndTheSshConnection()
    {
        using var s = new PlanSandbox();
        s.Box.Write("/proc/4242/loginuid", "1000");
        var env = new Dictionary<string, string> { ["SUDO_USER"] = "alice", ["SSH_CONNECTION"] = "2001:db8::5 51234 2001:db8::1 2222" };
        var admin = AdminSession.Discover(s.Box.Root, env, 4242);
        Assert.Equal(("alice", "alice", "2001:db8::5", 51234, 2222), (admin.User, admin.SudoUser, admin.ClientAddress, admin.ClientPort,
            admin.ServerPort));
        Assert.Empty(admin.Unknown);
    }

    [Fact]
    public void UnknownFieldsAreNullWithAReason()
    {
        using var s = new PlanSandbox();
        s.Box.Write("/proc/7/loginuid", "4294967295");
        var env = new Dictionary<string, string> { ["SSH_CONNECTION"] = "evil\u001b[2J 99999 x y" };
        var admin = AdminSession.Discover(s.Box.Root, env, 7);
        Assert.Null(admin.User);
        Assert.Null(admin.LoginUser);
        Assert.Null(admin.ClientAddress);
        Assert.Null(admin.ClientPort);
        Assert.Contains("unset", admin.Unknown["User"], StringComparison.Ordinal);
        Assert.Contains("SSH_CONNECTION", admin.Unknown["Connection"], StringComparison.Ordinal);
        Assert.True(admin.Unknown.ContainsKey("SudoUser"));

        var none = AdminSession.Discover(s.Box.Root, new Dictionary<string, string>(), 8);
        Assert.Contains("loginuid", none.Unknown["User"], StringComparison.Ordinal);
    }
}
