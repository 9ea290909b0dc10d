using VpsTop.Core.Platform;

namespace VpsTop.Core.Logins;

/// <summary>What `last` and `lastb` would read, found under one root: wtmpdb where the system uses it, else
/// wtmp.1 + wtmp (monthly rotation keeps one old file); btmp.1 + btmp for failures.</summary>
public static class LoginSources
{
    public sealed record Result(IReadOnlyList<LoginSession> Sessions, IReadOnlyList<string> Sources, IReadOnlyList<string> Problems);

    private static readonly string[] WtmpDbPaths = ["/var/lib/wtmpdb/wtmp.db", "/var/log/wtmp.db"];

    public static Result Logins(SystemRoot root)
    {
        var problems = new List<string>();
        foreach (string candidate in WtmpDbPaths)
        {
            string path = root.Path(candidate);
            if (!File.Exists(path)) continue;
            var sessions = WtmpDb.Read(path, out string? error);
            if (sessions is not null) return new Result(sessions, [candidate], problems);
            problems.Add($"{candidate}: {error}");
        }
        var records = new List<UtmpRecord>();
        var sources = new List<string>();
        foreach (string file in new[] { "/var/log/wtmp.1", "/var/log/wtmp" })
            Collect(root, file, records, sources, problems, optional: file.EndsWith(".1", StringComparison.Ordinal));
        return new Result(LoginHistory.Sessions(records, r => StillThere(root, r)), sources, problems);
    }

    /// <summary>
    /// Is the session's process still there? Like `last`: it started after the current boot, the PID exists and its
    /// loginuid is the session user's uid — a PID reused by another process (or a user no longer in /etc/passwd) is
    /// "gone - no logout".
    /// </summary>
    public static bool StillThere(SystemRoot root, UtmpRecord session)
    {
        if (session.Pid <= 0) return false;
        try
        {
            foreach (string line in File.ReadLines(root.Proc("stat")))
                if (line.StartsWith("btime ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out long boot)
                    && session.Time.ToUnixTimeSeconds() < boot)
                    return false;
            string loginUid = File.ReadAllText(root.Proc($"{session.Pid}/loginuid")).Trim();
            foreach (string line in File.ReadLines(root.Path("/etc/passwd")))
            {
                var f = line.Split(':');
                if (f.Length > 2 && f[0] == session.User) return f[2] == loginUid;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }

    public static Result Failures(SystemRoot root)
    {
        var records = new List<UtmpRecord>();
        var sources = new List<string>();
        var problems = new List<string>();
        foreach (string file in new[] { "/var/log/btmp.1", "/var/log/btmp" })
            Collect(root, file, records, sources, problems, optional: file.EndsWith(".1", StringComparison.Ordinal));
        return new Result(LoginHistory.Failures(records), sources, problems);
    }

    private static void Collect(SystemRoot root, string file, List<UtmpRecord> records, List<string> sources, List<string> problems,
        bool optional)
    {
        string path = root.Path(file);
        if (optional && !File.Exists(path)) return;
        var contents = UtmpFile.Read(path);
        records.AddRange(contents.Records);
        if (contents.Records.Count > 0 || contents.Problems.Count == 0) sources.Add(file);
        foreach (string p in contents.Problems) problems.Add(p.Replace(path, file, StringComparison.Ordinal));
    }
}
