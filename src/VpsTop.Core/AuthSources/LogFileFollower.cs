namespace VpsTop.Core.AuthSources;

/// <summary>
/// Follows a log file by polling (call <see cref="Poll"/> every 250–500 ms, or run <see cref="Follow"/> on a
/// thread) across both kinds of rotation without losing lines:
/// <list type="bullet">
/// <item>rename + create (logrotate's default): when the path names a new file, the old handle is still drained
/// (rsyslog writes to the renamed file until its HUP) and only after it has been quiet for
/// <see cref="RenameQuiet"/> does the follower switch to the new file, from offset 0;</item>
/// <item>copytruncate: the size falls below our position; the follower restarts at 0 and delivers a gap
/// line, since lines written between the copy and the truncate are lost.</item>
/// </list>
/// A missing path is retried on every poll. The file is opened with FileShare.ReadWrite|Delete so rotators are
/// never blocked by us.
/// </summary>
public sealed class LogFileFollower : IDisposable
{
    private readonly string _path;
    private readonly long _backlogBytes;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly LineSplitter _splitter = new();
    private readonly FollowStart _start;
    private FileStream? _file;
    private FileStream? _next;
    private FileIdentity _fileIdentity;
    private long _position;
    private bool _renamedAway;
    private long _lastDataTicks;
    private bool _skipToFirstNewline;

    /// <param name="path">Path already mapped through the SystemRoot (root.Path("/var/log/auth.log")) or a --source path.</param>
    public LogFileFollower(string path, string sourceName, FollowStart start = FollowStart.EndMinusBacklog, long backlogBytes = 256 * 1024)
    {
        _path = path;
        SourceName = sourceName;
        _start = start;
        _backlogBytes = backlogBytes;
    }

    public string SourceName { get; }

    /// <summary>The followed path (mapped through the SystemRoot).</summary>
    public string Path => _path;

    /// <summary>How long the renamed-away file must receive nothing before the follower moves to the new file.</summary>
    public TimeSpan RenameQuiet { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Why the path cannot be read right now (absent, permission), or null while it is being followed.</summary>
    public string? Problem { get; private set; }

    /// <summary>Rotations seen so far (rename or truncate), for the pane's status line.</summary>
    public int Rotations { get; private set; }

    /// <summary>At most this many bytes are read per <see cref="Poll"/>, so a long history arrives in batches the
    /// caller can digest (and show progress for) instead of one list of every line in the file.</summary>
    public long MaxBytesPerPoll { get; init; } = long.MaxValue;

    /// <summary>Bytes of the followed file not read yet, as of the end of the last poll (0 when caught up).</summary>
    public long BytesBehind { get; private set; }

    private long _budget;

    /// <summary>Reads everything new and appends the complete lines to <paramref name="into"/>. Never blocks.</summary>
    public void Poll(List<LogLine> into)
    {
        if (_file is null)
        {
            _file = TryOpenPath();
            if (_file is null) return;
            StartAt(_file, initial: true);
        }
        _budget = MaxBytesPerPoll;
        try { PollRounds(into); }
        finally { BytesBehind = _file is null ? 0 : Math.Max(0, FileIdentity.OfHandle(_file.SafeFileHandle).Size - _position); }
    }

    private void PollRounds(List<LogLine> into)
    {
        for (int round = 0; round < 8; round++)
        {
            bool gotData = Drain(into);
            if (!_renamedAway)
            {
                FileIdentity? atPath = FileIdentity.OfPath(_path);
                if (atPath is { } now && now.SameFileAs(_fileIdentity))
                {
                    CheckTruncated(into);
                    return;
                }
                // Renamed or deleted. Read once more: bytes may have landed between our read and the stat.
                _renamedAway = true;
                _lastDataTicks = Environment.TickCount64;
                Rotations++;
                gotData |= Drain(into);
            }
            // Hold the new file from the moment we see it, so a second rotation before we switch cannot hide it.
            _next ??= TryOpenNext();
            if (gotData) _lastDataTicks = Environment.TickCount64;
            if (_next is null || Environment.TickCount64 - _lastDataTicks < (long)RenameQuiet.TotalMilliseconds) return;

            // The renamed file has gone quiet: its writer has reopened the path. Its last partial line is final.
            _splitter.Flush(SourceName, into);
            _file!.Dispose();
            _file = _next;
            _next = null;
            StartAt(_file, initial: false);
        }
    }

    /// <summary>Polls every <paramref name="interval"/> until cancelled, handing each batch to <paramref name="deliver"/>.</summary>
    public void Follow(Action<List<LogLine>> deliver, TimeSpan interval, CancellationToken cancel)
    {
        var batch = new List<LogLine>();
        while (!cancel.IsCancellationRequested)
        {
            batch.Clear();
            Poll(batch);
            if (batch.Count > 0) deliver(batch);
            cancel.WaitHandle.WaitOne(interval);
        }
    }

    private bool Drain(List<LogLine> into)
    {
        bool any = false;
        FileStream file = _file!;
        file.Position = _position;
        int n;
        while (_budget > 0 && (n = file.Read(_buffer, 0, (int)Math.Min(_buffer.Length, _budget))) > 0)
        {
            any = true;
            _position += n;
            _budget -= n;
            ReadOnlySpan<byte> bytes = _buffer.AsSpan(0, n);
            if (_skipToFirstNewline)
            {
                int nl = bytes.IndexOf((byte)'\n');
                if (nl < 0) continue;
                bytes = bytes[(nl + 1)..];
                _skipToFirstNewline = false;
            }
            _splitter.Push(bytes, SourceName, into);
        }
        return any;
    }

    private void CheckTruncated(List<LogLine> into)
    {
        long size = FileIdentity.OfHandle(_file!.SafeFileHandle).Size;
        if (size >= _position) return;
        Rotations++;
        _splitter.Discard();
        into.Add(LogLine.Gap(SourceName, $"{_path} was truncated (copytruncate?): lines may be missing or repeated"));
        _position = 0;
        Drain(into);
    }

    private FileStream? TryOpenPath()
    {
        try
        {
            var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            Problem = null;
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem = AuthSourceFailure.Describe(e, _path);
            return null;
        }
    }

    private FileStream? TryOpenNext()
    {
        FileStream? next = TryOpenPath();
        if (next is not null && FileIdentity.OfHandle(next.SafeFileHandle).SameFileAs(_fileIdentity))
        {
            // Still our own file (a rename back, or the stat raced): nothing new yet.
            next.Dispose();
            return null;
        }
        return next;
    }

    private void StartAt(FileStream file, bool initial)
    {
        _fileIdentity = FileIdentity.OfHandle(file.SafeFileHandle);
        _renamedAway = false;
        _position = 0;
        _skipToFirstNewline = false;
        if (initial && _start == FollowStart.EndMinusBacklog && _fileIdentity.Size > _backlogBytes)
        {
            _position = _fileIdentity.Size - _backlogBytes;
            _skipToFirstNewline = true;
        }
    }

    private void CloseFile()
    {
        _file?.Dispose();
        _file = null;
        _next?.Dispose();
        _next = null;
    }

    public void Dispose() => CloseFile();
}
