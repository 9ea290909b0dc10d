using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// Why a process looks suspicious, for the Bandwidth pane. The program-level reasons are worked out once per
/// process — keyed by (PID, start time), so a recycled PID is assessed afresh — and the socket reasons are
/// re-checked against the tables of the latest <see cref="RefreshSockets"/>, so asking again every second
/// costs two dictionary lookups. Thread-safe.
/// </summary>
public sealed class SuspicionAnalyzer
{
    // A process not asked about for this many refreshes has most likely exited; its entry is dropped.
    private const int ForgetAfterRefreshes = 3;

    private readonly SystemRoot _root;
    private readonly PackageDatabase _packages;
    private readonly ProcessEvidenceReader _evidence;
    private readonly int _ownPid;
    private readonly Lock _lock = new();
    private readonly Dictionary<(int Pid, ulong Start), Entry> _cache = [];
    private Dictionary<int, List<CaptureSocket>> _captureByPid = [];
    private HashSet<ulong> _networkInodes = [];
    private HashSet<int> _networkHolders = [];
    private int _generation;

    public SuspicionAnalyzer(SystemRoot root, PackageDatabase packages)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(packages);
        _root = root;
        _packages = packages;
        _evidence = new ProcessEvidenceReader(root);
        // VpsTop holds packet sockets itself to measure traffic.
        _ownPid = root.IsLive ? Environment.ProcessId : -1;
    }

    public PackageDatabase Packages => _packages;

    /// <summary>
    /// Once per scan: reads the packet/raw socket tables and maps them to holders through the fd scan, takes
    /// the TCP/UDP sockets the caller already read (to tell a network socket on stdout from journald's unix
    /// one), and reloads the package database when apt changed it.
    /// </summary>
    public void RefreshSockets(SocketOwnerScan owners, IEnumerable<SocketEntry> networkSockets)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(networkSockets);
        var capture = new Dictionary<int, List<CaptureSocket>>();
        foreach (CaptureSocket socket in PacketSocketTable.Read(_root).Values)
        {
            if (!owners.PidsByInode.TryGetValue(socket.Inode, out int[]? pids)) continue;
            foreach (int pid in pids)
            {
                if (pid == _ownPid) continue;
                if (!capture.TryGetValue(pid, out List<CaptureSocket>? list)) capture[pid] = list = [];
                list.Add(socket);
            }
        }
        var network = new HashSet<ulong>();
        foreach (SocketEntry s in networkSockets)
            if (s.Inode != 0) network.Add(s.Inode);
        // Only processes holding a TCP/UDP socket can have one on stdio: their fds 0–2 are re-read once per
        // refresh, everyone else's stay as first seen.
        var networkHolders = new HashSet<int>();
        foreach (ulong inode in network)
            if (owners.PidsByInode.TryGetValue(inode, out int[]? pids))
                networkHolders.UnionWith(pids);

        bool packagesChanged = _packages.ReloadIfChanged();
        lock (_lock)
        {
            _captureByPid = capture;
            _networkInodes = network;
            _networkHolders = networkHolders;
            _generation++;
            if (packagesChanged) _cache.Clear();
            else
            {
                List<(int, ulong)>? stale = null;
                foreach (var (key, entry) in _cache)
                    if (_generation - entry.LastAsked > ForgetAfterRefreshes) (stale ??= []).Add(key);
                if (stale is not null) foreach (var key in stale) _cache.Remove(key);
            }
        }
    }

    /// <summary>Whether /proc/PID/exe now ends in " (deleted)"; null when it cannot be read (gone, or not allowed).</summary>
    private bool? ExeDeletedNow(int pid) =>
        ProcFiles.TryReadLink(_root.Proc($"{pid}/exe"), out _) is { } target ? target.EndsWith(" (deleted)",
            StringComparison.Ordinal) : null;

    /// <summary>The reasons this process looks suspicious, most severe first; empty when none.</summary>
    public IReadOnlyList<SuspicionReason> Assess(ProcessIdentity process)
    {
        ArgumentNullException.ThrowIfNull(process);
        // The identity may have been read before a dropper deleted its file, and is not read again while no new
        // connection makes the owner scan look at the process: ask the kernel now (one readlink per row).
        if (ExeDeletedNow(process.Pid) is { } deleted && deleted != process.ExeDeleted) process = process with { ExeDeleted = deleted };
        Entry? entry;
        Dictionary<int, List<CaptureSocket>> capture;
        HashSet<ulong> network;
        bool holdsNetworkSocket;
        int generation;
        lock (_lock)
        {
            _cache.TryGetValue((process.Pid, process.StartTimeTicks), out entry);
            // Deleting its own file after start is what droppers do: judged again when that changes.
            if (entry is not null && entry.ExeDeleted != process.ExeDeleted) entry = null;
            capture = _captureByPid;
            network = _networkInodes;
            holdsNetworkSocket = _networkHolders.Contains(process.Pid);
            generation = _generation;
        }
        if (entry is null)
        {
            // Read outside the lock: the package database may be loading for the first time.
            ProcessEvidence evidence = Collect(process);
            entry = new Entry(evidence, MostSevereFirst(SuspicionRules.ForProgram(evidence)))
            {
                StdioReadAt = generation,
                ExeDeleted = process.ExeDeleted
            };
            lock (_lock) _cache[(process.Pid, process.StartTimeTicks)] = entry;
        }
        entry.LastAsked = generation;
        if (holdsNetworkSocket && entry.StdioReadAt != generation)
        {
            entry.Evidence = entry.Evidence with { StdioSocketInodes = _evidence.ReadStdioSockets(process.Pid) };
            entry.StdioReadAt = generation;
        }

        capture.TryGetValue(process.Pid, out List<CaptureSocket>? held);
        SuspicionReason? sniffing = held is null || process.Pid == _ownPid ? null : SuspicionRules.ForCaptureSockets(entry.Evidence, held);
        SuspicionReason? stdio = SuspicionRules.ForStdioSockets(entry.Evidence, network.Contains);
        if (sniffing is null && stdio is null) return entry.Reasons;

        var all = new List<SuspicionReason>(entry.Reasons.Count + 2);
        if (sniffing is not null) all.Add(sniffing);
        if (stdio is not null) all.Add(stdio);
        all.AddRange(entry.Reasons);
        return MostSevereFirst(all);
    }

    // Stable, so reasons of equal severity keep the rules' order from one refresh to the next.
    private static List<SuspicionReason> MostSevereFirst(List<SuspicionReason> reasons) =>
        [.. reasons.OrderByDescending(static r => r.Severity)];

    /// <summary>The evidence behind <see cref="Assess"/>, for a details view.</summary>
    public ProcessEvidence Collect(ProcessIdentity process)
    {
        ProcessEvidence e = _evidence.Read(process);
        if (e.Exe is null || e.ExeIsMemfd) return e;
        if (!e.InHostMountNamespace)
            return e with
            {
                ExeOwnership = PackageOwnership.Unknown,
                OwnershipUnknownReason = "runs in another mount namespace (container): its packages are not this system's"
            };
        PackageOwnership owner = _packages.Lookup(e.Exe);
        return e with
        {
            ExeOwnership = owner,
            OwnershipUnknownReason = owner == PackageOwnership.Unknown ? _packages.UnavailableReason
                ?? "package ownership unknown (rpm database not readable)" : null,
        };
    }

    private sealed class Entry(ProcessEvidence evidence, List<SuspicionReason> reasons)
    {
        public ProcessEvidence Evidence { get; set; } = evidence;
        public List<SuspicionReason> Reasons { get; } = reasons;
        public int LastAsked { get; set; }

        /// <summary>The identity's "(deleted)" flag when the program reasons were worked out.</summary>
        public bool ExeDeleted { get; init; }
        public int StdioReadAt { get; set; }
    }
}
