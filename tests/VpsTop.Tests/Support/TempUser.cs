using System.Diagnostics;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Support;

/// <summary>A real local user for sshd tests (useradd, a random password set through chpasswd's stdin — never a
/// shell string), removed with userdel on dispose.</summary>
internal sealed class TempUser : IDisposable
{
    public TempUser(string prefix, string home)
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..8];
        Password = "Pw-" + Guid.NewGuid().ToString("N");
        var (exit, _, stderr) = Run.Capture("/usr/sbin/useradd", "-M", "-d", home, "-s", "/bin/sh", Name);
        if (exit != 0) throw new InvalidOperationException($"useradd: {stderr.Trim()}");
        try
        {
            var psi = new ProcessStartInfo("/usr/sbin/chpasswd") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.StandardInput.Write($"{Name}:{Password}\n");
            p.StandardInput.Close();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"chpasswd: {err.Trim()}");
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
