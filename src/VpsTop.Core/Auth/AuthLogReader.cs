using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Auth;

/// <summary>
/// Reads a whole text log (auth.log, secure, any --source PATH) through <see cref="SystemRoot"/>, streaming one
/// line at a time. CR before LF is dropped; invalid UTF-8 becomes U+FFFD instead of throwing. Lines of other
/// programs are skipped; every sshd line yields an event. IP-less lines are tied to their connection by PID.
/// BSD stamps get their year from <paramref name="now"/> (pass the file's mtime for history).
/// </summary>
public static class AuthLogReader
{
    /// <param name="bareMessages">The file holds sshd messages without a syslog prefix (what "sshd -E file" writes):
    /// every line is an sshd line, with no time or PID.</param>
    public static IEnumerable<AuthEvent> Read(SystemRoot root, string path, DateTimeOffset? now = null, TimeZoneInfo? zone = null,
        bool bareMessages = false)
    {
        string real = root.Path(path);
        DateTimeOffset reference = now ?? new DateTimeOffset(File.GetLastWriteTimeUtc(real), TimeSpan.Zero);
        using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        foreach (var e in Read(stream, reference, zone, bareMessages)) yield return e;
    }

    public static IEnumerable<AuthEvent> Read(Stream stream, DateTimeOffset now, TimeZoneInfo? zone = null, bool bareMessages = false)
    {
        var parser = new AuthLineParser(zone);
        var tracker = new ConnectionTracker();
        // UTF8Encoding(false, false) replaces invalid bytes with U+FFFD; StreamReader splits on \n, \r\n and \r
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false, 1 << 16,
            leaveOpen: true);
        while (reader.ReadLine() is string line)
        {
            if (bareMessages) yield return AuthLineParser.FromFields(line, null, null, null, verified: false);
            else if (parser.Parse(line, now) is AuthEvent e) yield return tracker.Resolve(e);
        }
    }
}
