using VpsTop.Core.Processes;

namespace VpsTop.Core.Tests.Processes;

public class SystemdUnitTests
{
    [Theory]
    [InlineData("0::/system.slice/ssh.service\n", "ssh.service", "/system.slice/ssh.service")]
    [InlineData("0::/user.slice/user-0.slice/session-3.scope\n", "session-3.scope", "/user.slice/user-0.slice/session-3.scope")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service\n", "user@1000.service",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service")]
    [InlineData("0::/init.scope\n", "init.scope", "/init.scope")]
    [InlineData("0::/\n", null, "/")]
    [InlineData("0::/docker/0123abcd\n", null, "/docker/0123abcd")]
    [InlineData("12:pids:/system.slice/cron.service\n1:name=systemd:/system.slice/cron.service\n0::/\n", "cron.service", "/")]
    [InlineData("1:name=systemd:/system.slice/cron.service\n", "cron.service", "/system.slice/cron.service")]
    [InlineData("0::/system.slice/odd:name.service\n", "odd:name.service", "/system.slice/odd:name.service")]
    [InlineData("garbage\n", null, null)]
    [InlineData("", null, null)]
    public void UnitAndPathComeFromTheCgroupFile(string content, string? unit, string? path)
    {
        (string? gotPath, string? gotUnit) = SystemdUnit.FromCgroupFile(content);
        Assert.Equal(unit, gotUnit);
        Assert.Equal(path, gotPath);
    }
}
