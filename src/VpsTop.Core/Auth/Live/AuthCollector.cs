using VpsTop.Core.AuthSources;
using VpsTop.Core.Collection;
using VpsTop.Core.Logins;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Auth.Live;

/// <summary>
/// Follows sshd's log for the Auth pane: picks the sources (journal and/or auth.log/secure, or the file given),
/// reads back their recent history in batches, then follows them — files across rotation on this collector's
/// thread, the journal on its own reader thread — and publishes an <see cref="AuthSnapshot"/> at most every
/// <see cref="AuthCollectorOptions.PublishInterval"/> while events arrive. The snapshot says which sources it
/// tried and why each failed.
/// </summary>
public sealed class AuthCollector : Collector<AuthSnapshot>, IAuthFeed
{
    private readonly SystemRoot _root;
    private readonly string _source;
    private readonly AuthCollectorOptions _options;
    private AuthLiveState _state;
    private readonly object _gate = new();
    private readonly List<LogFileFollower> _followers = [];
    private readonly List<string> _sourceNames = [];
    private JournalReader? _journal;
    private long _publishedChanges = -1;
    private long _lastPublish;
    private bool _caughtUp = true;
    private readonly List<LogLine> _batch = [];
    private readonly HashSet<LogFileFollower> _caughtUpFollowers = [];
    private volatile bool _rotatedRequested;
    private IReadOnlyList<string> _rotatedRead = [];
    private readonly TimeZoneInfo? _zone;

    /// <param name="source">"auto" (journal, then /var/log/auth.log, then /var/log/secure), "journal", or a file path.</param>
    public AuthCollector(SystemRoot root, string source = "auto", AuthCollectorOptions? options = null, TimeZoneInfo? zone = null)
        : base("auth log", AuthSnapshot.Empty)
    {
        _root = root;
        _source = source;
        _options = options ?? new AuthCollectorOptions();
        _zone = zone;
        _state = new AuthLiveState(_options, zone);
    }

    /// <summary>Asks for the rotated files (auth.log.1, auth.log.2.gz …) to be read too: the analysis starts over from
    /// the oldest of them, then the whole live file, then follows it again. The journal keeps its own history.</summary>
    public void ReadRotatedHistory()
    {
        _rotatedRequested = true;
        CollectNow();
    }

    public LoginSources.Result ReadLogins() => LoginSources.Logins(_root);

    public LoginSources.Result ReadFailedLogins() => LoginSources.Failures(_root);

    /// <summary>Reads the files new lines were appended to, and publishes at most every
    /// <see cref="AuthCollectorOptions.PublishInterval"/> while lines arrive (and every
    /// <see cref="AuthCollectorOptions.IdleRepublish"/> without, so rates decay). While catching up on history it
    /// goes on at once.</summary>
    protected override TimeSpan Step(bool collectNow)
    {
        if (_rotatedRequested)
        {
            _rotatedRequested = false;
            ReadRotated();
            _lastPublish = 0;
        }
        long behind = 0;
        foreach (var follower in _followers)
        {
            _batch.Clear();
            // Lines that arrive after the file was read to its end were written now.
            bool live = _caughtUpFollowers.Contains(follower);
            follower.Poll(_batch);
            if (_batch.Count > 0) lock (_gate) _state.Ingest(_batch, DateTimeOffset.Now, live);
            if (follower.BytesBehind == 0) _caughtUpFollowers.Add(follower);
            if (follower.Problem is { } p) lock (_gate) _state.AddProblem($"{follower.SourceName}: {p}");
            behind += follower.BytesBehind;
        }
        if (_journal?.Problem is { } jp) lock (_gate) _state.AddProblem($"journal: {jp}");
        long now = Environment.TickCount64;
        bool due = now - _lastPublish >= (long)_options.PublishInterval.TotalMilliseconds;
        bool stale = now - _lastPublish >= (long)_options.IdleRepublish.TotalMilliseconds;
        if (collectNow || (due && (stale || Changed() || behind != Latest.BytesBehind)))
        {
            PublishState(behind);
            _lastPublish = now;
        }
        if (behind > 0) _caughtUp = false;
        else if (!_caughtUp)
        {
            _caughtUp = true;
            // Parsing megabytes of history leaves its garbage in the heap, which a quiet monitor would keep
            // resident for hours: give it back once the history is in.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        return behind > 0 ? TimeSpan.Zero : _options.PollInterval;
    }

    private bool Changed()
    {
        lock (_gate) return _state.Changes != _publishedChanges;
    }

    protected override void Open()
    {
        bool journalOnly = _source == "journal";
        string? file = _source is "auto" or "journal" ? null : _source;
        var choice = AuthSourceProbe.Detect(_root, file);
        lock (_gate)
        {
            foreach (var failure in choice.Failures)
                if (!journalOnly || failure.Source == "journal") _state.AddProblem(failure.ToString());
        }
        foreach (var source in choice.Chosen)
        {
            if (source.Journal is { } location)
            {
                _journal = new JournalReader(location, JournalStart.Tail(_options.JournalBacklog), follow: true);
                _journal.Start(lines =>
                {
                    // The journal's own thread: whatever goes wrong here is a problem line, never a dead process.
                    try
                    {
                        lock (_gate) _state.Ingest(lines, DateTimeOffset.Now);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Fail(e);
                    }
                });
                _sourceNames.Add(source.Name);
            }
            else if (!journalOnly && source.FilePath is { } path)
            {
                _followers.Add(new LogFileFollower(path, source.Name, FollowStart.EndMinusBacklog, _options.HistoryBytes)
                {
                    MaxBytesPerPoll = _options.BytesPerBatch,
                });
                _sourceNames.Add(source.Name);
            }
        }
        // rsyslog next to journald writes every sshd line to both.
        lock (_gate) _state.Deduplicate = _sourceNames.Count > 1;
        if (_sourceNames.Count == 0) lock (_gate) _state.AddProblem("no readable sshd log: nothing to show");
    }

    /// <summary>Starts the analysis over with the rotated files first (oldest first, in batches so progress shows),
    /// then the live files from their beginning.</summary>
    private void ReadRotated()
    {
        if (_journal is not null || _followers.Count == 0)
        {
            lock (_gate) _state.AddProblem(_journal is not null
                ? "rotated history: the journal keeps its own history, already read"
                : "rotated history: no log file is being followed");
            PublishState(0);
            return;
        }
        var state = new AuthLiveState(_options, _zone) { Deduplicate = _followers.Count > 1 };
        var read = new List<string>();
        var files = new List<(LogFileFollower Follower, IReadOnlyList<HistoryFile> Rotated)>();
        foreach (var follower in _followers)
        {
            var history = LogHistoryReader.Discover(follower.Path);
            var rotated = history.Where(f => f.Path != follower.Path).ToList();
            foreach (var f in rotated)
            {
                if (f.Skipped is { } why) state.AddProblem($"{Path.GetFileName(f.Path)}: {why}");
                else read.Add(Path.GetFileName(f.Path));
            }
            files.Add((follower, rotated));
        }
        lock (_gate)
        {
            _state = state;
            _rotatedRead = read;
        }
        var batch = new List<LogLine>(10_000);
        foreach (var (_, rotated) in files)
        {
            foreach (var line in LogHistoryReader.Read(rotated))
            {
                if (Stopping.IsCancellationRequested) return;
                batch.Add(line);
                if (batch.Count < batch.Capacity) continue;
                lock (_gate) _state.Ingest(batch, DateTimeOffset.Now);
                batch.Clear();
            }
        }
        lock (_gate) _state.Ingest(batch, DateTimeOffset.Now);
        // The live files from their first line: the history cap no longer applies once the admin asked for everything.
        for (int i = 0; i < _followers.Count; i++)
        {
            var old = _followers[i];
            _followers[i] = new LogFileFollower(old.Path, old.SourceName, FollowStart.Beginning)
            {
                MaxBytesPerPoll =
                _options.BytesPerBatch
            };
            old.Dispose();
        }
    }

    private void PublishState(long behind)
    {
        AuthSnapshot snapshot;
        lock (_gate)
        {
            snapshot = _state.Snapshot([.. _sourceNames], behind, DateTimeOffset.Now) with { RotatedFiles = _rotatedRead };
            _publishedChanges = _state.Changes;
        }
        Publish(snapshot);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _journal?.Dispose();
        foreach (var f in _followers) f.Dispose();
    }
}
