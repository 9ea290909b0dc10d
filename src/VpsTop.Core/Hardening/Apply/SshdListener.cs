using System.Globalization;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// The running sshd a config belongs to, found through the config's PidFile (as sshd -T prints it), and what it
/// listens on, read from /proc/PID/net/tcp{,6}: the listener's own network namespace, wherever vpstop runs.
/// </summary>
public static class SshdListener
{
    /// <summary>The PID in the pidfile when it names a live sshd, or null with why not.</summary>
    public static int? FromPidFile(SystemRoot root, string pidFile, out string? why)
    {
        why = null;
        string text;
        try { text = File.ReadAllText(root.Path(pidFile)).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"no running sshd: {pidFile} cannot be read ({e.Message})";
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 1)
        {
            why = $"{pidFile} does not hold a PID";
            return null;
        }
        if (!IsSshd(root, pid))
        {
            why = $"PID {pid} from {pidFile} is not a running sshd";
            return null;
        }
        return pid;
    }

    public static bool IsSshd(SystemRoot root, int pid)
    {
        try
        {
            string? exe = new FileInfo(root.Path($"/proc/{pid}/exe")).LinkTarget;
            return exe is not null && (Path.GetFileName(exe) is "sshd" || exe.EndsWith("/sshd (deleted)", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>TCP ports in LISTEN in the network namespace of <paramref name="pid"/>.</summary>
    public static IReadOnlySet<int> ListeningPorts(SystemRoot root, int pid) => ListeningTcpPorts.Read(root, $"/proc/{pid}/net");

    /// <summary>SIGHUP through a pidfd, so a PID reused between the check and the signal is never hit.</summary>
    public static string? Hangup(int pid)
    {
        int fd = Libc.PidfdOpen(pid, out int errno);
        if (fd < 0) return $"sshd {pid} is gone (errno {errno})";
        try
        {
            return Libc.PidfdSendSignal(fd, 1, out errno) == 0 ? null : $"SIGHUP to sshd {pid} failed (errno {errno})";
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
