using VpsTop.Core.AuthSources;

namespace VpsTop.Core.Auth.Live;

/// <summary>
/// The running analysis behind the Auth pane: turns raw log lines (file lines with a syslog prefix, sshd -E lines
/// without one, journal entries with their fields) into events, ties IP-less lines to their connection, counts each
/// event once when two sources carry it, and builds <see cref="AuthSnapshot"/>s. Not thread-safe: one owner
/// (<see cref="AuthCollector"/> serialises its threads around it).
/// </summary>
public sealed class AuthLiveState
{
    private const int MaxProblems = 8;

    private readonly AuthCollectorOptions _options;
    private readonly AuthLineParser _parser;
    private readonly SyslogPrefixParser _prefixes;
    private readonly ConnectionTracker _tracker = new();
    private readonly AuthLineDeduplicator _dedup = new();
    private readonly AuthAnalysis _analysis;
    private readonly Queue<AuthEvent> _recent = new();
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, bool> _bareSources = new(StringComparer.Ordinal);
    private long _events, _failures, _invalid, _accepted, _unrecognised, _unverified;
    private DateTimeOffset? _since;

    public AuthLiveState(AuthCollectorOptions? options = null, TimeZoneInfo? zone = null)
    {
        _options = options ?? new AuthCollectorOptions();
        _parser = new AuthLineParser(zone);
        _prefixes = new SyslogPrefixParser(zone);
        _analysis = new AuthAnalysis(_options.Analysis);
    }

    /// <summary>More than one source carries the same events (journal and auth.log): count each once.</summary>
    public bool Deduplicate { get; set; }

    /// <summary>Bumped on every change, so an unchanged state is not rebuilt into a new snapshot.</summary>
    public long Changes { get; private set; }

    public void AddProblem(string problem)
    {
        if (_problems.Contains(problem)) return;
        if (_problems.Count == MaxProblems) _problems.RemoveAt(0);
        _problems.Add(problem);
        Changes++;
    }

    /// <param name="live">The lines were written just now (the source had been read to its end before): a line that
    /// carries no time of its own (`sshd -E`) is given the time it was read.</param>
    public void Ingest(IReadOnlyList<LogLine> lines, DateTimeOffset now, bool live = false)
    {
        foreach (var line in lines) Ingest(line, now, live);
    }

    public void Ingest(in LogLine line, DateTimeOffset now, bool live = false)
    {
        if (line.IsGap)
        {
            AddProblem(line.Text);
            return;
        }
        if (Deduplicate && !_dedup.Admit(line)) return;
        AuthEvent? e;
        if (line.Journal is { } f)
        {
            e = AuthLineParser.FromFields(line.Text, f.Pid, f.Realtime, f.Comm, f.Verified);
            if (!f.Verified) _unverified++;
        }
        else if (IsBare(line))
        {
            // What `sshd -E file` writes: sshd's messages with no syslog header, hence no time and no PID.
            e = AuthLineParser.FromFields(line.Text.TrimEnd('\r'), null, live ? now : null, null, verified: false);
        }
        else e = _parser.Parse(line.Text, now);
        if (e is null) return;
        Add(_tracker.Resolve(e));
    }

    /// <summary>A source is read as bare sshd messages when its first line has no syslog header at all.</summary>
    private bool IsBare(in LogLine line)
    {
        if (_bareSources.TryGetValue(line.Source, out bool bare)) return bare;
        if (line.Text.Length == 0) return false;
        bare = !_prefixes.TryParse(line.Text, DateTimeOffset.Now, out _);
        _bareSources[line.Source] = bare;
        return bare;
    }

    private void Add(AuthEvent e)
    {
        _analysis.Add(e);
        _events++;
        Changes++;
        if (e.Kind == AuthEventKind.Other) _unrecognised++;
        else if (e.Kind == AuthEventKind.InvalidUser) _invalid++;
        else if (e.Kind == AuthEventKind.Accepted) _accepted++;
        if (AuthEventKinds.IsFailure(e.Kind) && e.Kind != AuthEventKind.InvalidUser) _failures += e.Count;
        if (e.Time is { } t && (_since is null || t < _since)) _since = t;
        _recent.Enqueue(e);
        while (_recent.Count > _options.RecentEvents) _recent.Dequeue();
    }

    public AuthSnapshot Snapshot(IReadOnlyList<string> sources, long bytesBehind, DateTimeOffset now)
    {
        return new AuthSnapshot
        {
            Sources = sources,
            Problems = [.. _problems],
            Recent = [.. _recent],
            Attackers = Ranked(_analysis.ByIp.Values, now),
            SourceCount = _analysis.ByIp.Count,
            Networks64 = Ranked(_analysis.ByNetwork64.Values, now),
            Alarms = [.. _analysis.Alarms],
            Sprays = _analysis.Sprays(),
            DistributedAttacks = _analysis.DistributedAttacks(),
            Events = _events,
            Failures = _failures,
            InvalidUsers = _invalid,
            Accepted = _accepted,
            Unrecognised = _unrecognised,
            Unverified = _unverified,
            Since = _since,
            BytesBehind = bytesBehind,
            TakenAt = now,
        };
    }

    private List<AttackerRow> Ranked(IEnumerable<SourceStats> stats, DateTimeOffset now)
    {
        var all = new List<SourceStats>(stats);
        all.Sort(AttackerRow.Rank);
        int n = Math.Min(all.Count, _options.MaxAttackerRows);
        var rows = new List<AttackerRow>(n);
        for (int i = 0; i < n; i++) rows.Add(AttackerRow.Of(all[i], now));
        return rows;
    }
}
