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
        bool journalOnly = source == "journal";
        string? explicitFile = source is "auto" or "journal" ? null : source;
        var choice = AuthSourceProbe.Detect(root, explicitFile);
        var problems = choice.Failures.Select(f => f.ToString()).ToList();
        var chosen = choice.Chosen.FirstOrDefault(s => !journalOnly || s.IsJournal);
        if (chosen is null)
        {
            if (journalOnly && !problems.Any(p => p.StartsWith("journal", StringComparison.Ordinal))) problems.Add("journal: not chosen");
            return new Result(null, [], problems);
        }
        // Journal and file usually carry the same events: the CLI reads the first chosen source only (the journal when
        // it has sshd entries), so nothing is counted twice.
        var events = new List<AuthEvent>();
        if (chosen.Journal is { } journal)
        {
            var read = JournalReader.ReadAll(journal, since is { } s ? JournalStart.At(s) : JournalStart.Tail(100_000));
            if (read.Problem is { } p) problems.Add($"{chosen.Name}: {p}");
            var tracker = new ConnectionTracker();
            foreach (var line in read.Lines)
            {
                if (line.IsGap || line.Journal is not { } f) continue;
                events.Add(tracker.Resolve(AuthLineParser.FromFields(line.Text, f.Pid, f.Realtime, f.Comm, f.Verified)));
            }
        }
        else if (chosen.FilePath is { } path)
        {
            try
            {
                var reference = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                ReadFile(path, reference, since, bareMessages: false, events);
                // What "sshd -E file" writes has no syslog prefix at all: read such a file as bare sshd messages.
                if (events.Count == 0 && new FileInfo(path).Length > 0) ReadFile(path, reference, since, bareMessages: true, events);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{chosen.Name}: {e.Message}");
            }
        }
        return new Result(chosen.Name, events, problems);
    }

    private static void ReadFile(string path, DateTimeOffset reference, DateTimeOffset? since, bool bareMessages, List<AuthEvent> events)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        foreach (var e in AuthLogReader.Read(stream, reference, bareMessages: bareMessages))
            if (since is null || e.Time is null || e.Time >= since) events.Add(e);
    }

    /// <summary>"2026-11-28T03:00", "2026-11-28 03:00:00+01:00", or relative: "90m", "2h", "3d".</summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 'm' or 'h' or 'd' or 's'
            && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            since = now - text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
            return true;
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeLocal, out since);
    }
}
