using VpsTop.Core.Platform;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// Finds where sshd's log lines are: the systemd journal if it holds sshd entries, then /var/log/auth.log
/// (Debian/Ubuntu), then /var/log/secure (RHEL family); or just the file the user named with --source. Every path
/// goes through the SystemRoot; every source that is not used gets a reason.
/// </summary>
public static class AuthSourceProbe
{
    public static readonly string[] Files = ["/var/log/auth.log", "/var/log/secure"];
    private static readonly string[] JournalDirectories = ["/run/log/journal", "/var/log/journal"];

    public static AuthSourceChoice Detect(SystemRoot root, string? explicitSource = null)
    {
        var chosen = new List<AuthSource>();
        var failures = new List<AuthSourceFailure>();
        if (explicitSource is not null)
        {
            // A path the user gave is taken as it is: it may be a copy from another machine, anywhere.
            string? problem = FileProblem(explicitSource, emptyIsProblem: false);
            if (problem is null) chosen.Add(new AuthSource(explicitSource, null, explicitSource));
            else failures.Add(new AuthSourceFailure(explicitSource, problem));
            return new AuthSourceChoice(chosen, failures);
        }

        if (JournalProblem(root) is { } journalProblem) failures.Add(new AuthSourceFailure("journal", journalProblem));
        else chosen.Add(new AuthSource("journal", JournalLocation.Of(root), null));

        AuthSource? emptyFile = null;
        foreach (string file in Files)
        {
            string path = root.Path(file);
            if (FileProblem(path, emptyIsProblem: true) is { } problem)
            {
                failures.Add(new AuthSourceFailure(file, problem));
                // A file emptied by a rotation minutes ago is still where the next lines will go.
                if (problem == "empty") emptyFile ??= new AuthSource(file, null, path);
                continue;
            }
            chosen.Add(new AuthSource(file, null, path));
            emptyFile = null;
            break;
        }
        if (emptyFile is not null && chosen.Count == 0) chosen.Add(emptyFile);
        return new AuthSourceChoice(chosen, failures);
    }

    private static string? JournalProblem(SystemRoot root)
    {
        if (SdJournal.TryGet(out string? noLibrary) is null) return noLibrary;
        bool anyFile = false;
        foreach (string dir in JournalDirectories)
        {
            try
            {
                anyFile |= Directory.EnumerateFiles(root.Path(dir), "*.journal*", SearchOption.AllDirectories).Any();
            }
            catch (UnauthorizedAccessException)
            {
                return $"{dir}: permission denied (run as root or in group systemd-journal)";
            }
            catch (IOException) { }
        }
        if (!anyFile) return "no systemd journal files (" + string.Join(", ", JournalDirectories) + ")";

        JournalReadResult probe = JournalReader.ReadAll(JournalLocation.Of(root), JournalStart.Tail(1), maxEntries: 1);
        if (probe.Problem is not null) return probe.Problem;
        if (probe.Lines.Count == 0)
            return Environment.UserName == "root" || !root.IsLive
                ? "empty: no sshd entries"
                : "empty: no sshd entries visible (not root or in group systemd-journal: the system journal is hidden)";
        return null;
    }

    private static string? FileProblem(string path, bool emptyIsProblem)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (emptyIsProblem && f.Length == 0) return "empty";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AuthSourceFailure.Describe(e, path);
        }
    }
}
