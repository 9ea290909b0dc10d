using System.Globalization;
using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Processes;

/// <summary>
/// Reads processes from /proc under a <see cref="SystemRoot"/>. Every read tolerates the process exiting
/// half-way: the answer is then null, never an exception, because on a busy server that is the normal case.
/// Thread-safe.
/// </summary>
public sealed class ProcessReader : IProcessInspector
{
    internal const string PermissionDenied = "permission denied (run as root to see other users' processes)";
    internal const string KernelThread = "kernel thread";

    private readonly SystemRoot _root;
    private readonly UserNames _users;
    private readonly Lazy<long> _bootTime;

    public ProcessReader(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        _users = new UserNames(root.Path("/etc/passwd"));
        _bootTime = new Lazy<long>(ReadBootTime);
    }

    public SystemRoot Root => _root;

    /// <summary>The name of a uid from the passwd file under the same root, or the number.</summary>
    public string UserName(uint uid) => _users.NameOf(uid);

    public ProcessIdentity? TryRead(int pid)
    {
        if (pid <= 0) return null;
        string dir = _root.Proc(pid.ToString(CultureInfo.InvariantCulture));
        if (!TryReadStat(dir, out StatFields stat) || stat.Pid != pid) return null;

        // A process that exits between these reads loses its status file; the identity would be half made up.
        if (!TryReadRealUid(dir, out uint uid)) return null;

        string? exe = ProcFiles.TryReadLink(dir + "/exe", out int exeErrno);
        bool deleted = false;
        string? exeError = null;
        if (exe is null)
        {
            if (stat.IsKernelThread) exeError = KernelThread;
            else if (exeErrno is Libc.EACCES or Libc.EPERM) exeError = PermissionDenied;
            else if (!TryReadStat(dir, out StatFields again) || again.StartTimeTicks != stat.StartTimeTicks) return null;
            else exeError = exeErrno == Libc.ENOENT
                ? "no executable (zombie, or exiting)"
                : $"unreadable ({new System.ComponentModel.Win32Exception(exeErrno).Message})";
        }
        else if (exe.EndsWith(" (deleted)", StringComparison.Ordinal))
        {
            exe = exe[..^" (deleted)".Length];
            deleted = true;
        }

        return new ProcessIdentity
        {
            Pid = pid,
            ParentPid = stat.ParentPid,
            StartTimeTicks = stat.StartTimeTicks,
            StartTime = StartTimeOf(stat.StartTimeTicks),
            Comm = stat.Comm,
            Exe = exe,
            ExeDeleted = deleted,
            ExeError = exeError,
            Cmdline = ReadCmdline(dir),
            Uid = uid,
            User = _users.NameOf(uid),
            IsKernelThread = stat.IsKernelThread,
        };
    }

    public ProcessDetails? TryReadDetails(int pid)
    {
        ProcessIdentity? identity = TryRead(pid);
        if (identity is null) return null;
        string dir = _root.Proc(pid.ToString(CultureInfo.InvariantCulture));

        string? cwd = ProcFiles.TryReadLink(dir + "/cwd", out int cwdErrno);
        string? cwdError = cwd is not null ? null : cwdErrno switch
        {
            Libc.EACCES or Libc.EPERM => PermissionDenied,
            Libc.ENOENT => identity.IsKernelThread ? KernelThread : "no working directory (zombie, or exiting)",
            _ => $"unreadable ({new System.ComponentModel.Win32Exception(cwdErrno).Message})",
        };

        byte[]? cgroup = ProcFiles.TryReadAll(dir + "/cgroup", out _);
        (string? cgroupPath, string? unit) = cgroup is null ? (null, null) : SystemdUnit.FromCgroupFile(Encoding.UTF8.GetString(cgroup));

        return new ProcessDetails
        {
            Identity = identity,
            Cwd = cwd,
            CwdError = cwdError,
            Ancestors = ReadAncestors(identity),
            SystemdUnit = unit,
            CgroupPath = cgroupPath,
        };
    }

    /// <summary>The start time of PID as it is now, for the kill path's "is it still the same process" check.</summary>
    internal bool TryReadStartTime(int pid, out ulong startTimeTicks)
    {
        startTimeTicks = 0;
        byte[]? bytes = ProcFiles.TryReadAll(_root.Proc(pid.ToString(CultureInfo.InvariantCulture) + "/stat"), out _);
        return bytes is not null && StatFields.TryParseStartTime(bytes, out startTimeTicks);
    }

    internal DateTimeOffset StartTimeOf(ulong ticks) =>
        DateTimeOffset.FromUnixTimeSeconds(_bootTime.Value)
            .AddTicks((long)(ticks * (ulong)TimeSpan.TicksPerSecond / (ulong)Libc.ClockTicksPerSecond));

    private List<ProcessIdentity> ReadAncestors(ProcessIdentity start)
    {
        var chain = new List<ProcessIdentity>();
        var seen = new HashSet<int> { start.Pid };
        int parent = start.ParentPid;
        // A captured or hostile tree can hold a parent loop; the seen set ends it.
        while (parent > 0 && seen.Add(parent))
        {
            ProcessIdentity? p = TryRead(parent);
            if (p is null) break;
            chain.Add(p);
            if (p.Pid == 1) break;
            parent = p.ParentPid;
        }
        return chain;
    }

    private static bool TryReadStat(string dir, out StatFields stat)
    {
        stat = default;
        byte[]? bytes = ProcFiles.TryReadAll(dir + "/stat", out _);
        return bytes is not null && StatFields.TryParse(bytes, out stat);
    }

    private static bool TryReadRealUid(string dir, out uint uid)
    {
        uid = 0;
        byte[]? bytes = ProcFiles.TryReadAll(dir + "/status", out _);
        if (bytes is null) return false;
        ReadOnlySpan<byte> rest = bytes;
        int at = 0;
        if (!rest.StartsWith("Uid:"u8))
        {
            at = rest.IndexOf("\nUid:"u8) + 1;
            if (at == 0) return false;
        }
        rest = rest[(at + 4)..].TrimStart("\t "u8);
        int end = rest.IndexOfAny("\t \n"u8);
        if (end >= 0) rest = rest[..end];
        return System.Buffers.Text.Utf8Parser.TryParse(rest, out uid, out int used) && used == rest.Length && used > 0;
    }

    private static string[] ReadCmdline(string dir)
    {
        byte[]? bytes = ProcFiles.TryReadAll(dir + "/cmdline", out _);
        if (bytes is null || bytes.Length == 0) return [];
        ReadOnlySpan<byte> span = bytes;
        if (span[^1] == 0) span = span[..^1];
        var args = new List<string>();
        while (true)
        {
            int nul = span.IndexOf((byte)0);
            args.Add(Encoding.UTF8.GetString(nul < 0 ? span : span[..nul]));
            if (nul < 0) break;
            span = span[(nul + 1)..];
        }
        return [.. args];
    }

    private long ReadBootTime()
    {
        byte[]? bytes = ProcFiles.TryReadAll(_root.Proc("stat"), out _);
        if (bytes is not null)
        {
            foreach (string line in Encoding.ASCII.GetString(bytes).Split('\n'))
                if (line.StartsWith("btime ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long btime))
                    return btime;
        }
        // Without btime the tick count still orders processes; anchor it at now − uptime as a best effort.
        return DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Environment.TickCount64 / 1000;
    }
}
