using System.Text;
using Microsoft.Win32.SafeHandles;

namespace VpsTop.Core.Auth;

/// <summary>
/// Where an event's line is: in the event itself, or, for a file read in bulk, at a place in that file. A summary of
/// a big log keeps a few failures per source as an alarm's evidence; keeping their place instead of their text spares
/// an object per line, and the text is read back only for the alarms that need it.
/// </summary>
public readonly record struct LogLineRef(AuthEvent? Event, FileLines? File, long Offset, int Length)
{
    public static LogLineRef Of(AuthEvent e) => new(e, null, 0, 0);

    /// <summary>The event these facts came from: the one given, or built with its line read back.</summary>
    public AuthEvent ToEvent(in AuthFacts facts) => Event ?? new AuthEvent(facts, File?.Read(Offset, Length) ?? "");
}

/// <summary>Reads lines of a file read in bulk back by byte offset (pread: the sequential reader's position is
/// untouched), decoded as the reader decodes them (invalid UTF-8 becomes U+FFFD) and parsed as it parsed them (the
/// same reference time and zone, so the same year for BSD stamps). Only valid while the file is open.</summary>
public sealed class FileLines(SafeFileHandle handle, DateTimeOffset reference, TimeZoneInfo? zone = null, bool bareMessages = false)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public string Read(long offset, int length)
    {
        try
        {
            var bytes = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read), offset + read);
                if (n == 0) break;
                read += n;
            }
            return Utf8.GetString(bytes, 0, read);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return $"(the line at byte {offset} could not be read back: {e.Message})";
        }
    }

    /// <summary>The event of the line at that place (without what the connection tracker added: callers keep that).</summary>
    public AuthEvent ReadEvent(long offset, int length)
    {
        string line = Read(offset, length);
        if (bareMessages) return new AuthEvent(AuthLineParser.FactsOfBareMessage(SshdMessageParser.Parse(line)), line);
        return new AuthLineParser(zone).Parse(line, reference)
            ?? new AuthEvent(new AuthFacts(null, AuthEventKind.Other, null, null, null, null, null, false), line);
    }
}
