using VpsTop.Core.AuthSources;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Auth;

/// <summary>
/// One read of the auth history for the CLI: picks the source (journal, auth.log, secure, or a given file), parses
/// every sshd entry into events with IP-less lines tied to their connection by PID, and says what it tried.
/// </summary>
public static class AuthEventSource
{
    public sealed record Result(string? Source, IReadOnlyList<AuthEvent> Events, IReadOnlyList<string> Problems);

    /// <param name="source">"auto", "journal", or a file path (read as given, not under the root: a copy from elsewhere).</param>
    public static Result Read(SystemRoot root, string source, DateTimeOffset? since)
    {
        var events = new List<AuthEvent>();
        var (name, _, problems) = ReadInto(root, source, since, events.Add);
        return new Result(name, events, problems);
    }

    /// <summary>One entry as <see cref="ReadInto(SystemRoot, string, DateTimeOffset?, AuthEntrySink, bool)"/> delivers it:
    /// its facts, its text (valid during the call only), and where the line is, to keep instead of the text.</summary>
    public delegate void AuthEntrySink(in AuthFacts facts, ReadOnlySpan<char> text, in LogLineRef line);

    /// <summary><see cref="Read"/> without keeping the events: each goes to <paramref name="sink"/> in order (a summary
    /// of a 1 GB log need not hold 10 million events).</summary>
    /// <param name="rotated">Read a log file's rotated predecessors first (auth.log.2.gz, auth.log.1 …, oldest first).</param>
    public static (string? Source, long Count, IReadOnlyList<string> Problems) ReadInto(SystemRoot root, string source,
        DateTimeOffset? since, Action<AuthEvent> sink,
        bool rotated = false) =>
        ReadInto(root, source, since, (in AuthFacts facts, ReadOnlySpan<char> text,
            in LogLineRef line) => sink(line.Event ?? new AuthEvent(facts, text.ToString())), rotated);

    /// <summary>The same without an object per line: a summary keeps the facts it needs and, for a few lines, where
    /// they are.</summary>
    public static (string? Source, long Count, IReadOnlyList<string> Problems) ReadInto(SystemRoot root, string source,
        DateTimeOffset? since, AuthEntrySink sink,
        bool rotated = false) =>
        Read(root, source, since, sink, rotated, bulk: null);

    /// <summary>The per-source analysis of what <see cref="ReadInto(SystemRoot, string, DateTimeOffset?, AuthEntrySink, bool)"/>
    /// would deliver: a log file's lines are analysed on every core (<see cref="ShardedAuthAnalysis"/>).</summary>
    public static (string? Source, long Count, AuthAnalysis Analysis, IReadOnlyList<string> Problems) Summarize(SystemRoot root,
        string source,
        DateTimeOffset? since, AuthAnalysisOptions options, bool rotated = false)
    {
        var sharded = new ShardedAuthAnalysis(options, Math.Max(1, Environment.ProcessorCount));
        var (name, count, problems) = Read(root, source, since, sharded.Add, rotated, sharded);
        return (name, count + sharded.BlockLines, sharded.Merge(), problems);
    }

    /// <param name="bulk">Where a log file's lines go, in blocks, instead of one by one to <paramref name="sink"/>.</param>
    private static (string? Source, long Count, IReadOnlyList<string> Problems) Read(SystemRoot root, string source, DateTimeOffset? since,
        AuthEntrySink sink,
        bool rotated, ShardedAuthAnalysis? bulk)
    {
        bool journalOnly = source == "journal";
        string? explicitFile = source is "auto" or "journal" ? null : source;
        var choice = AuthSourceProbe.Detect(root, explicitFile);
        var problems = choice.Failures.Select(f => f.ToString()).ToList();
        var chosen = choice.Chosen.FirstOrDefault(s => !journalOnly || s.IsJournal);
        if (chosen is null)
        {
            if (journalOnly && !problems.Any(p => p.StartsWith("journal", StringComparison.Ordinal))) problems.Add("journal: not chosen");
            return (null, 0, problems);
        }
        long count = 0;
        void Deliver(in AuthFacts e, ReadOnlySpan<char> text, in LogLineRef line)
        {
            if (since is null || e.Time is null || e.Time >= since) { sink(e, text, line); count++; }
        }
        void DeliverEvent(AuthEvent e) => Deliver(e.Facts, e.Line, LogLineRef.Of(e));
        // Journal and file usually carry the same events: the CLI reads the first chosen source only (the journal when
        // it has sshd entries), so nothing is counted twice.
        if (chosen.Journal is { } journal)
        {
            var read = JournalReader.ReadAll(journal, since is { } s ? JournalStart.At(s) : JournalStart.Tail(100_000));
            if (read.Problem is { } p) problems.Add($"{chosen.Name}: {p}");
            var tracker = new ConnectionTracker();
            foreach (var line in read.Lines)
            {
                if (line.IsGap || line.Journal is not { } f) continue;
                DeliverEvent(tracker.Resolve(AuthLineParser.FromFields(line.Text, f.Pid, f.Realtime, f.Comm, f.Verified)));
            }
        }
        else if (chosen.FilePath is { } path)
        {
            try
            {
                var reference = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                if (rotated) ReadRotated(path, reference, DeliverEvent, problems);
                long parsed = ReadFile(path, reference, bareMessages: false, Deliver, bulk, since);
                // What "sshd -E file" writes has no syslog prefix at all: read such a file as bare sshd messages.
                if (parsed == 0 && new FileInfo(path).Length > 0) ReadFile(path, reference, bareMessages: true, Deliver, bulk, since);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{chosen.Name}: {e.Message}");
            }
        }
        return (chosen.Name, count, problems);
    }

    /// <summary>The rotated files of <paramref name="livePath"/>, oldest first; compressions we cannot read are named.</summary>
    private static void ReadRotated(string livePath, DateTimeOffset reference, Action<AuthEvent> sink, List<string> problems)
    {
        var files = LogHistoryReader.Discover(livePath).Where(f => f.Path != livePath).ToList();
        foreach (var f in files)
            if (f.Skipped is { } why) problems.Add($"{Path.GetFileName(f.Path)}: {why}");
        var parser = new AuthLineParser();
        var tracker = new ConnectionTracker();
        foreach (var line in LogHistoryReader.Read(files))
            if (!line.IsGap && parser.Parse(line.Text, reference) is { } e) sink(tracker.Resolve(e));
    }

    /// <summary>"90m", "24h", "7d" (also "30s"): a length of time, as --alarm-window takes it.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || text[^1] is not ('s' or 'm' or 'h' or 'd')
            || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int n) || n <= 0)
            return false;
        duration = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n)
        };
        return true;
    }

    /// <returns>The number of sshd lines in the file.</returns>
    private static long ReadFile(string path, DateTimeOffset reference, bool bareMessages, AuthEntrySink sink, ShardedAuthAnalysis? bulk,
        DateTimeOffset? since)
    {
        // no FileStream buffer: the reader asks for 4 MB at a time
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0,
            FileOptions.SequentialScan);
        var lines = new FileLines(stream.SafeFileHandle, reference, bareMessages: bareMessages);
        if (bulk is not null) return ParallelAuthLogReader.Summarize(stream, reference, bulk, lines, since, zone: null, bareMessages);
        return ParallelAuthLogReader.Read(stream, reference,
            (in AuthFacts facts, ReadOnlySpan<char> text, long offset, int length) => sink(facts, text, new LogLineRef(null, lines, offset,
                length)),
            bareMessages: bareMessages);
    }

    /// <summary>"2026-11-28T03:00", "2026-11-28 03:00:00+01:00", or relative: "90m", "2h", "3d".</summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 'm' or 'h' or 'd' or 's'
            && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            since = now - text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n)
            };
            return true;
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeLocal, out since);
    }
}
