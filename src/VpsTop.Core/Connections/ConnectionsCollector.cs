using System.Diagnostics;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Connections;

/// <summary>
/// Joins the kernel's socket table to the processes holding each socket and publishes one immutable
/// <see cref="ConnectionsSnapshot"/>. Not thread-safe: one collector thread owns it (the socket buffer is reused).
/// </summary>
public sealed class ConnectionsCollector(ISocketSource sockets, SocketOwnerScanner owners, Func<uint, string> userName,
    TimeProvider? clock = null)
{
    private readonly List<SocketEntry> _buffer = new(1024);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly uint _ourUid = Platform.Libc.GetEffectiveUid();
    private readonly Dictionary<uint, string> _userNames = [];

    public string SourceName => sockets.Name;

    public ConnectionsSnapshot Collect()
    {
        long started = Stopwatch.GetTimestamp();
        var problems = new List<string>(sockets.Read(_buffer));
        var scan = owners.Scan();
        problems.AddRange(scan.Problems);

        _userNames.Clear(); // re-resolved each collection, once per distinct uid, so renamed users show up
        var rows = new Connection[_buffer.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            var socket = _buffer[i];
            if (socket.Inode != 0 && scan.PidsByInode.TryGetValue(socket.Inode, out int[]? pids))
            {
                var holders = new List<ProcessIdentity>(pids.Length);
                foreach (int pid in pids)
                    if (scan.Processes.TryGetValue(pid, out var identity)) holders.Add(identity);
                if (holders.Count > 0)
                {
                    rows[i] = new Connection(socket, holders, null);
                    continue;
                }
            }
            rows[i] = new Connection(socket, [], WhyNoOwner(socket, scan)) { SocketUser = UserOf(socket.Uid) };
        }

        return new ConnectionsSnapshot
        {
            TakenAt = _clock.GetUtcNow(),
            Connections = rows,
            Processes = scan.Processes,
            Source = sockets.Name,
            OwnersComplete = scan.Complete,
            Problems = problems,
            CollectDuration = Stopwatch.GetElapsedTime(started),
            OwnerScan = scan,
        };
    }

    private string UserOf(uint uid)
    {
        if (!_userNames.TryGetValue(uid, out string? name)) _userNames[uid] = name = userName(uid);
        return name;
    }

    /// <summary>The question users ask of an ownerless socket is "is it hidden?": answer with the likely reason.</summary>
    private string WhyNoOwner(in SocketEntry socket, SocketOwnerScan scan)
    {
        if (socket.Inode == 0)
            return socket.State == SocketState.TimeWait
                ? "TIME_WAIT: closed by its process; the kernel keeps it a short while"
                : "no file descriptor refers to it (orphaned while closing)";
        if (!scan.Complete && socket.Uid != _ourUid)
            return $"owned by uid {socket.Uid}: its processes cannot be inspected without root";
        return "no process in this PID namespace holds it (it may have just exited, or be held by the kernel)";
    }
}
