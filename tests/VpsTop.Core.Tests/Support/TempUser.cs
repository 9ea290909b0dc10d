namespace VpsTop.Core.Tests.Support;

/// <summary>A real local user for sshd tests (useradd, a random password set through chpasswd's stdin — never a
/// shell string), removed with userdel on dispose. Shared by both test projects.</summary>
public sealed class TempUser : IDisposable
{
    public TempUser(string prefix, string home)
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..8];
        Password = "Pw-" + Guid.NewGuid().ToString("N");
        Run.Checked("/usr/sbin/useradd", "-M", "-d", home, "-s", "/bin/sh", Name);
        try
        {
            Run.CheckedWithInput($"{Name}:{Password}\n", "/usr/sbin/chpasswd");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }
    public string Password { get; }

    public void Dispose() => Run.Capture("/usr/sbin/userdel", "-f", Name);
}
