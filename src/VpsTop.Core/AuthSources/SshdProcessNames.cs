namespace VpsTop.Core.AuthSources;

/// <summary>
/// The process names and executables OpenSSH's server runs as: sshd, and since 9.8 sshd-session, since 10.0
/// sshd-auth. Executables are accepted by file name in the directories distributions install them to, so an
/// attacker's /tmp/sshd does not verify.
/// </summary>
public static class SshdProcessNames
{
    public static readonly string[] Comms = ["sshd", "sshd-session", "sshd-auth"];

    // Debian/Ubuntu, Fedora/RHEL, Arch (/usr/lib/ssh), and the merged-/usr and /usr/local layouts.
    private static readonly string[] ExeDirectories =
        ["/usr/sbin/", "/sbin/", "/usr/lib/openssh/", "/usr/libexec/openssh/", "/usr/lib/ssh/", "/usr/libexec/", "/usr/local/sbin/",
            "/usr/local/libexec/"];

    public static bool IsSshd(string? comm) => comm is not null && Array.IndexOf(Comms, comm) >= 0;

    public static bool IsSshdExecutable(string? exe)
    {
        if (exe is null) return false;
        foreach (string dir in ExeDirectories)
            if (exe.StartsWith(dir, StringComparison.Ordinal) && IsSshd(exe[dir.Length..]))
                return true;
        return false;
    }
}
