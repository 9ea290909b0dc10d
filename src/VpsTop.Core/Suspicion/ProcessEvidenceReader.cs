using System.Globalization;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// Collects <see cref="ProcessEvidence"/> for a process already read by <see cref="ProcessReader"/>, with a
/// handful of readlinks and one stat: cheap enough to run once per new process. Paths a process names
/// (argv[0], its exe path after an upgrade) are looked up through /proc/PID/root, so a process in a
/// container is checked against its own files. Thread-safe.
/// </summary>
public sealed class ProcessEvidenceReader
{
    private const string Memfd = "/memfd:";

    // Where a bare argv[0] would have been found by a shell's PATH search on a stock system.
    private static readonly string[] BinDirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private readonly SystemRoot _root;
    private readonly Lazy<string?> _hostMountNamespace;

    public ProcessEvidenceReader(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        // PID 1's namespace is the system's. Some inits are unreadable even to root (a firecracker init here);
        // on the live system VpsTop's own namespace then stands in, as it runs on the host to be useful.
        _hostMountNamespace = new Lazy<string?>(() =>
            ProcFiles.TryReadLink(root.Proc("1/ns/mnt"), out _)
            ?? (root.IsLive ? ProcFiles.TryReadLink(root.Proc("self/ns/mnt"), out _) : null));
    }

    public ProcessEvidence Read(ProcessIdentity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string dir = _root.Proc(p.Pid.ToString(CultureInfo.InvariantCulture));
        bool memfd = p.Exe is not null && p.Exe.StartsWith(Memfd, StringComparison.Ordinal);
        string? argv0 = p.Cmdline.Count > 0 && p.Cmdline[0].Length > 0 ? p.Cmdline[0] : null;
        string? cwd = ProcFiles.TryReadLink(dir + "/cwd", out _);

        string? ns = ProcFiles.TryReadLink(dir + "/ns/mnt", out _);
        string? hostNs = _hostMountNamespace.Value;
        // Unreadable namespace links (not root) leave the process treated as the host's: the usual case.
        bool inHost = ns is null || hostNs is null || ns == hostNs;

        return new ProcessEvidence
        {
            Pid = p.Pid,
            ParentPid = p.ParentPid,
            Comm = p.Comm,
            Argv0 = argv0,
            Argv0Target = argv0 is null || p.Exe is null || memfd || NamesMatch(argv0, p.Exe) ? null : FollowArgv0(dir, argv0, cwd),
            Exe = p.Exe,
            ExeLink = p.Exe is null ? null : p.ExeDeleted ? p.Exe + " (deleted)" : p.Exe,
            ExeDeleted = p.ExeDeleted,
            ExeIsMemfd = memfd,
            ExeReplacedOnDisk = p.ExeDeleted && !memfd && p.Exe is not null && File.Exists(dir + "/root" + p.Exe),
            InHostMountNamespace = inHost,
            Cwd = cwd,
            IsKernelThread = p.IsKernelThread,
            StdioSocketInodes = ReadStdioSockets(dir),
        };
    }

    /// <summary>Socket inodes on fds 0–2 now: a shell can point them at a socket long after it started (exec
    /// 0&lt;&gt;/dev/tcp/…).</summary>
    public IReadOnlyList<ulong> ReadStdioSockets(int pid) => ReadStdioSockets(_root.Proc(pid.ToString(CultureInfo.InvariantCulture)));

    private static ulong[] ReadStdioSockets(string dir) => [StdioSocket(dir, 0), StdioSocket(dir, 1), StdioSocket(dir, 2)];

    private static bool NamesMatch(string argv0, string exe) =>
        ProgramNames.Normalize(ProgramNames.Argv0Name(argv0)) == ProgramNames.Normalize(ProgramNames.BaseName(exe));

    /// <summary>The file argv[0] leads to through symlinks (/sbin/init → /lib/systemd/systemd), in the process's root.</summary>
    private static string? FollowArgv0(string dir, string argv0, string? cwd)
    {
        string name = argv0.StartsWith('-') ? argv0[1..] : argv0; // login shells: "-bash"
        IEnumerable<string> candidates = name.Contains('/')
            ? [name[0] == '/' ? name : (cwd ?? "/") + "/" + name]
            : BinDirs.Select(d => d + "/" + name);
        string root = dir + "/root";
        foreach (string candidate in candidates)
        {
            string path = candidate;
            for (int hop = 0; hop < 8; hop++)
            {
                string? target = ProcFiles.TryReadLink(root + path, out int errno);
                if (target is null)
                {
                    if (errno == Libc.EINVAL) return path; // a regular file: the end of the chain
                    break;
                }
                path = target.StartsWith('/') ? target : path[..(path.LastIndexOf('/') + 1)] + target;
            }
        }
        return null;
    }

    private static ulong StdioSocket(string dir, int fd)
    {
        string? link = ProcFiles.TryReadLink(dir + "/fd/" + fd.ToString(CultureInfo.InvariantCulture), out _);
        if (link is null || !link.StartsWith("socket:[", StringComparison.Ordinal) || !link.EndsWith(']')) return 0;
        return ulong.TryParse(link.AsSpan(8, link.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture,
            out ulong inode) ? inode : 0;
    }
}
