using System.Diagnostics;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// How the running sshd is told to reread its config: `systemctl reload` of its unit when systemd is PID 1 and the
/// config is the system one (Debian's unit tests the config first; RHEL's does not, which is why we always ran
/// sshd -t before), otherwise SIGHUP to the PID in the config's PidFile. sshd re-executes itself on SIGHUP; its
/// existing sessions are separate processes and survive.
/// </summary>
public sealed record SshdReload(string Description, string? SystemdUnit, string PidFile)
{
    private static readonly string[] UnitDirectories = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    /// <param name="systemConfig">True for /etc/ssh/sshd_config: only then does a systemd unit own the listener.</param>
    public static SshdReload Choose(SystemRoot root, string pidFile, bool systemConfig)
    {
        if (systemConfig && SystemdIsInit(root) && Unit(root) is { } unit)
            return new SshdReload($"systemctl reload {unit}", unit, pidFile);
        return new SshdReload($"SIGHUP to the PID in {pidFile}", null, pidFile);
    }

    /// <summary>ssh.service (Debian, Ubuntu) or sshd.service (RHEL, Fedora, Arch, SUSE; Ubuntu 24.04 dropped the alias).</summary>
    public static string? Unit(SystemRoot root)
    {
        foreach (string name in new[] { "ssh.service", "sshd.service" })
            foreach (string dir in UnitDirectories)
                if (File.Exists(root.Path($"{dir}/{name}"))) return name;
        return null;
    }

    public static bool SystemdIsInit(SystemRoot root)
    {
        try { return File.ReadAllText(root.Path("/proc/1/comm")).Trim() == "systemd"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Reloads; null on success, else why not.</summary>
    public string? Run(SystemRoot root, int? pid)
    {
        if (SystemdUnit is { } unit)
        {
            var psi = new ProcessStartInfo("/usr/bin/systemctl")
            {
                UseShellExecute = false, RedirectStandardError = true,
                RedirectStandardOutput = true
            };
            psi.ArgumentList.Add("reload");
            psi.ArgumentList.Add(unit);
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"systemctl reload {unit} failed: {err.Trim()}";
        }
        if (pid is not { } listener)
        {
            if (SshdListener.FromPidFile(root, PidFile, out string? why) is not { } found) return why;
            listener = found;
        }
        return SshdListener.Hangup(listener);
    }
}
