using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Processes;

/// <summary>
/// Maps socket inodes to owning processes by walking /proc/[pid]/fd, like ss -p and netstat -p. It runs every
/// refresh, so the walk works on bytes in reused buffers (getdents64 + readlinkat, no string per descriptor)
/// and keeps each owner's <see cref="ProcessIdentity"/> across scans while its start time is unchanged.
/// Not re-entrant: calls are serialised.
/// </summary>
public sealed unsafe class SocketOwnerScanner
{
    private const int OpenDir = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC;

    // linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[].
    private const int DirentReclen = 16;
    private const int DirentName = 19;

    private readonly ProcessReader _reader;
    private readonly Lock _lock = new();
    private readonly byte[] _procPrefix; // "<root>/proc/" as bytes, without NUL
    private readonly byte[] _procDents = new byte[32 * 1024];
    private readonly byte[] _fdDents = new byte[32 * 1024];
    private readonly byte[] _path = new byte[4096];
    private readonly byte[] _link = new byte[64]; // "socket:[18446744073709551615]" fits; longer targets are not sockets
    private readonly byte[] _stat = new byte[4096];
    private readonly byte[] _exe = new byte[4096];
    private readonly List<ulong> _inodesOfPid = [];
    private Dictionary<int, ProcessIdentity> _known = [];
    // PIDs listed by the last full scan and the one before: a process in both has been around for a whole
    // refresh, so the quick scan leaves it alone; one listed only last time may have been caught starting up,
    // before it opened its sockets.
    private HashSet<int> _listed = [];
    private HashSet<int> _listedBefore = [];
    private HashSet<int> _listing = [];

    public SocketOwnerScanner(SystemRoot root, ProcessReader reader)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _procPrefix = Encoding.UTF8.GetBytes(root.Proc(""));
    }

    public SocketOwnerScan Scan()
    {
        lock (_lock) return ScanLocked(onlyNew: false);
    }

    /// <summary>
    /// Walks the descriptors of processes started around or since the last full <see cref="Scan"/> only: what the bandwidth
    /// collector runs when new flows appear, so a process that lives for less than a second is still named,
    /// without a full /proc walk per new flow (nethogs' failure under scans). Cheap: one /proc listing plus the
    /// new processes' fd directories.
    /// </summary>
    public SocketOwnerScan ScanNewProcesses()
    {
        lock (_lock) return ScanLocked(onlyNew: true);
    }

    private SocketOwnerScan ScanLocked(bool onlyNew)
    {
        var owners = new Dictionary<ulong, int[]>();
        var processes = new Dictionary<int, ProcessIdentity>();
        var problems = new List<string>();
        int unreadable = 0;

        int procFd = OpenPath(_procPrefix.AsSpan(), out int procErrno);
        if (procFd < 0)
        {
            problems.Add($"cannot list {Encoding.UTF8.GetString(_procPrefix)}: {Describe(procErrno)}");
            return new SocketOwnerScan(owners, processes, 0, false, problems);
        }
        try
        {
            fixed (byte* dents = _procDents)
            {
                nint n;
                while ((n = Libc.getdents64(procFd, dents, _procDents.Length)) > 0)
                {
                    for (int off = 0; off < n; off += *(ushort*)(dents + off + DirentReclen))
                    {
                        if (!TryParsePid(dents + off + DirentName, out int pid)) continue;
                        if (onlyNew && _listed.Contains(pid) && _listedBefore.Contains(pid)) continue;
                        if (!onlyNew) _listing.Add(pid);
                        switch (CollectSocketInodes(pid))
                        {
                            case FdWalk.Denied:
                                unreadable++;
                                break;
                            case FdWalk.Read when _inodesOfPid.Count > 0:
                                ProcessIdentity? identity = IdentityOf(pid);
                                if (identity is null) break; // exited mid-walk: its descriptors are closed now
                                processes[pid] = identity;
                                foreach (ulong inode in _inodesOfPid) AddOwner(owners, inode, pid);
                                break;
                        }
                    }
                }
                if (n < 0) problems.Add($"listing /proc failed part-way: {Describe(Libc.LastError)}");
            }
        }
        finally
        {
            Libc.close(procFd);
        }

        if (onlyNew)
            return new SocketOwnerScan(owners, processes, unreadable, unreadable == 0 && problems.Count == 0, problems);

        // Only owners seen this time stay cached, so a reused PID is never served a dead process's identity
        // for longer than the start-time check would allow anyway, and the cache cannot grow without bound.
        _known = processes;
        (_listedBefore, _listed, _listing) = (_listed, _listing, _listedBefore);
        _listing.Clear();

        if (unreadable > 0)
            problems.Add($"{unreadable} process(es) could not be inspected (permission denied; run as root to see every socket owner)");
        return new SocketOwnerScan(owners, processes, unreadable, unreadable == 0 && problems.Count == 0, problems);
    }

    private enum FdWalk { Read, Denied, Gone }

    /// <summary>Fills <see cref="_inodesOfPid"/> with the socket inodes in /proc/PID/fd (dup'ed fds repeat an inode).</summary>
    private FdWalk CollectSocketInodes(int pid)
    {
        _inodesOfPid.Clear();
        int fdDir = OpenPath(BuildPidPath(pid, "/fd"u8), out int errno);
        if (fdDir < 0)
            return errno is Libc.EACCES or Libc.EPERM ? FdWalk.Denied : FdWalk.Gone;
        try
        {
            fixed (byte* dents = _fdDents)
            fixed (byte* link = _link)
            {
                nint n;
                while ((n = Libc.getdents64(fdDir, dents, _fdDents.Length)) > 0)
                {
                    for (int off = 0; off < n; off += *(ushort*)(dents + off + DirentReclen))
                    {
                        byte* name = dents + off + DirentName;
                        if (name[0] == (byte)'.') continue;
                        // Vanished descriptors (closed between getdents and readlink) fail here and are skipped.
                        nint len = Libc.readlinkat(fdDir, name, link, _link.Length);
                        if (len > 0 && TryParseSocketInode(new ReadOnlySpan<byte>(link, (int)len), out ulong inode))
                            _inodesOfPid.Add(inode);
                    }
                }
            }
        }
        finally
        {
            Libc.close(fdDir);
        }
        return FdWalk.Read;
    }

    private ProcessIdentity? IdentityOf(int pid)
    {
        if (_known.TryGetValue(pid, out ProcessIdentity? cached)
            && TryReadStartTime(pid, out ulong start) && start == cached.StartTimeTicks)
        {
            // Droppers delete their file after starting: the one part of a cached identity that changes while the
            // process lives, so it is read again (one readlink into a reused buffer).
            return ExeNowDeleted(pid) is { } deleted && deleted != cached.ExeDeleted ? _reader.TryRead(pid) : cached;
        }
        return _reader.TryRead(pid);
    }

    /// <summary>Whether /proc/PID/exe now ends in " (deleted)"; null when unreadable.</summary>
    private bool? ExeNowDeleted(int pid)
    {
        ReadOnlySpan<byte> path = BuildPidPath(pid, "/exe"u8);
        nint len;
        fixed (byte* p = path)
        fixed (byte* target = _exe)
            len = Libc.readlink(p, target, _exe.Length);
        return len <= 0 ? null : _exe.AsSpan(0, (int)len).EndsWith(" (deleted)"u8);
    }

    private bool TryReadStartTime(int pid, out ulong start)
    {
        start = 0;
        ReadOnlySpan<byte> path = BuildPidPath(pid, "/stat"u8);
        int fd;
        fixed (byte* p = path) fd = Libc.open(p, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) return false;
        try
        {
            fixed (byte* buf = _stat)
            {
                nint len = Libc.read(fd, buf, _stat.Length);
                return len > 0 && StatFields.TryParseStartTime(new ReadOnlySpan<byte>(buf, (int)len), out start);
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }

    /// <summary>"&lt;root&gt;/proc/PID&lt;suffix&gt;\0" in the reused path buffer; the returned span includes the NUL.</summary>
    private ReadOnlySpan<byte> BuildPidPath(int pid, ReadOnlySpan<byte> suffix)
    {
        Span<byte> path = _path;
        _procPrefix.CopyTo(path);
        int at = _procPrefix.Length;
        pid.TryFormat(path[at..], out int digits, provider: CultureInfo.InvariantCulture);
        at += digits;
        suffix.CopyTo(path[at..]);
        at += suffix.Length;
        path[at] = 0;
        return path[..(at + 1)];
    }

    private int OpenPath(ReadOnlySpan<byte> pathWithOrWithoutNul, out int errno)
    {
        ReadOnlySpan<byte> path = pathWithOrWithoutNul;
        if (path.IsEmpty || path[^1] != 0)
        {
            path.CopyTo(_path);
            _path[path.Length] = 0;
            path = _path.AsSpan(0, path.Length + 1);
        }
        int fd;
        fixed (byte* p = path) fd = Libc.open(p, OpenDir);
        errno = fd < 0 ? Libc.LastError : 0;
        return fd;
    }

    private static void AddOwner(Dictionary<ulong, int[]> owners, ulong inode, int pid)
    {
        ref int[]? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(owners, inode, out bool exists);
        if (!exists)
        {
            slot = [pid];
            return;
        }
        int[] pids = slot!;
        if (Array.IndexOf(pids, pid) >= 0) return; // the same socket on two fds of one process
        // Shared sockets are rare, so growing by one is fine; insertion keeps the PIDs ascending whatever
        // order the directory listing used.
        var grown = new int[pids.Length + 1];
        int at = 0;
        while (at < pids.Length && pids[at] < pid) at++;
        Array.Copy(pids, 0, grown, 0, at);
        grown[at] = pid;
        Array.Copy(pids, at, grown, at + 1, pids.Length - at);
        slot = grown;
    }

    private static bool TryParsePid(byte* name, out int pid)
    {
        pid = 0;
        int i = 0;
        for (; name[i] != 0; i++)
        {
            uint d = (uint)(name[i] - '0');
            if (d > 9 || i >= 9) return false;
            pid = pid * 10 + (int)d;
        }
        return i > 0 && pid > 0;
    }

    /// <summary>Parses "socket:[12345]".</summary>
    internal static bool TryParseSocketInode(ReadOnlySpan<byte> target, out ulong inode)
    {
        inode = 0;
        if (!target.StartsWith("socket:["u8) || target[^1] != (byte)']') return false;
        ReadOnlySpan<byte> digits = target[8..^1];
        if (digits.IsEmpty) return false;
        foreach (byte b in digits)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            ulong next = inode * 10 + d;
            if (next / 10 != inode) return false; // overflow
            inode = next;
        }
        return true;
    }

    private static string Describe(int errno) => new System.ComponentModel.Win32Exception(errno).Message;
}
