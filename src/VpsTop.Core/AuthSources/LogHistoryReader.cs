using System.IO.Compression;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// Reads a log and its rotated predecessors oldest first, on request (not on the live path): plain and gzip files
/// are read, xz/zstd/bzip2 are listed as skipped. Compression is judged by magic bytes and order by each file's
/// first timestamp, because names lie both ways: numeric suffixes (.1, .2.gz) count backwards, dateext suffixes
/// forwards, and a copy taken from another machine may be named anything.
/// </summary>
public static class LogHistoryReader
{
    /// <summary>The live file at <paramref name="livePath"/> (already mapped through the SystemRoot) and its rotations, oldest
    /// first.</summary>
    public static IReadOnlyList<HistoryFile> Discover(string livePath)
    {
        string dir = Path.GetDirectoryName(livePath) ?? "/";
        string name = Path.GetFileName(livePath);
        var found = new List<(HistoryFile File, DateTime Mtime, bool Live)>();
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFiles(dir, name + "*"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        foreach (string path in entries)
        {
            if (!IsRotationOf(Path.GetFileName(path), name)) continue;
            DateTime mtime = File.GetLastWriteTime(path);
            found.Add((Inspect(path, mtime), mtime, path == livePath));
        }
        return found
            .OrderBy(f => f.File.FirstLine ?? new DateTimeOffset(f.Mtime))
            .ThenBy(f => f.Live) // the live file last on a tie
            .Select(f => f.File)
            .ToList();
    }

    /// <summary>Every line of the readable files in order. Files that are skipped yield nothing here; show their <see
    /// cref="HistoryFile.Skipped"/>.</summary>
    public static IEnumerable<LogLine> Read(IReadOnlyList<HistoryFile> files)
    {
        var splitter = new LineSplitter();
        var lines = new List<LogLine>();
        byte[] buffer = new byte[64 * 1024];
        foreach (HistoryFile file in files)
        {
            if (file.Skipped is not null) continue;
            string source = Path.GetFileName(file.Path);
            using Stream stream = OpenDecompressed(file.Path, file.Compression);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                splitter.Push(buffer.AsSpan(0, n), source, lines);
                foreach (LogLine line in lines) yield return line;
                lines.Clear();
            }
            splitter.Flush(source, lines);
            foreach (LogLine line in lines) yield return line;
            lines.Clear();
        }
    }

    /// <summary>"auth.log", "auth.log.1", "auth.log.2.gz", "secure-20261101", "secure-20261101.gz"; not "auth.log.bak".</summary>
    internal static bool IsRotationOf(string candidate, string name)
    {
        if (candidate == name) return true;
        if (!candidate.StartsWith(name, StringComparison.Ordinal) || candidate.Length < name.Length + 2) return false;
        ReadOnlySpan<char> rest = candidate.AsSpan(name.Length);
        if (rest[0] != '.' && rest[0] != '-') return false;
        rest = rest[1..];
        int digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
        if (digits == 0) return false;
        rest = rest[digits..];
        return rest.IsEmpty || rest is ".gz" or ".xz" or ".zst" or ".bz2";
    }

    private static HistoryFile Inspect(string path, DateTime mtime)
    {
        try
        {
            string compression;
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                Span<byte> magic = stackalloc byte[6];
                compression = CompressionOf(magic[..f.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false)]);
            }
            if (compression is not ("none" or "gzip"))
                return new HistoryFile(path, compression, null, $"compressed with {compression}, skipped");
            return new HistoryFile(path, compression, FirstStamp(path, compression, mtime), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new HistoryFile(path, "unknown", null, AuthSourceFailure.Describe(e, path));
        }
    }

    internal static string CompressionOf(ReadOnlySpan<byte> magic) => magic switch
    {
        [0x1f, 0x8b, ..] => "gzip",
        [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, ..] => "xz",
        [0x28, 0xb5, 0x2f, 0xfd, ..] => "zstd",
        [0x42, 0x5a, 0x68, ..] => "bzip2",
        _ => "none",
    };

    private static DateTimeOffset? FirstStamp(string path, string compression, DateTime mtime)
    {
        // The first line that has a syslog header (a file may start mid-line or with noise); look at the first few only.
        using var reader = new StreamReader(OpenDecompressed(path, compression));
        var parser = new Auth.SyslogPrefixParser();
        var reference = new DateTimeOffset(DateTime.SpecifyKind(mtime, DateTimeKind.Local));
        for (int i = 0; i < 20 && reader.ReadLine() is { } line; i++)
            if (parser.TryParse(line, reference, out Auth.SyslogPrefix prefix) && prefix.Time is { } time)
                return time;
        return null;
    }

    private static Stream OpenDecompressed(string path, string compression)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return compression == "gzip" ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
