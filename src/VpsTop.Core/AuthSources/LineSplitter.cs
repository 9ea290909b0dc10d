using System.Text;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// Cuts a byte stream into lines, keeping the trailing partial line until its newline arrives. One string per
/// complete line is the only allocation. A line longer than <see cref="MaxLineBytes"/> is delivered in pieces so a
/// writer without newlines cannot grow our memory without bound.
/// </summary>
internal sealed class LineSplitter
{
    public const int MaxLineBytes = 64 * 1024;

    private byte[] _partial = new byte[1024];
    private int _partialLength;

    public bool HasPartial => _partialLength > 0;

    public void Push(ReadOnlySpan<byte> bytes, string source, List<LogLine> into)
    {
        while (!bytes.IsEmpty)
        {
            int nl = bytes.IndexOf((byte)'\n');
            if (nl < 0)
            {
                Keep(bytes, source, into);
                return;
            }
            if (_partialLength == 0)
            {
                into.Add(new LogLine(Decode(bytes[..nl]), source));
            }
            else
            {
                Keep(bytes[..nl], source, into);
                into.Add(new LogLine(Decode(_partial.AsSpan(0, _partialLength)), source));
                _partialLength = 0;
            }
            bytes = bytes[(nl + 1)..];
        }
    }

    /// <summary>Delivers the partial line as it is: its file will get no more bytes.</summary>
    public void Flush(string source, List<LogLine> into)
    {
        if (_partialLength == 0) return;
        into.Add(new LogLine(Decode(_partial.AsSpan(0, _partialLength)), source));
        _partialLength = 0;
    }

    public void Discard() => _partialLength = 0;

    private void Keep(ReadOnlySpan<byte> bytes, string source, List<LogLine> into)
    {
        while (_partialLength + bytes.Length > MaxLineBytes)
        {
            int room = MaxLineBytes - _partialLength;
            Append(bytes[..room]);
            Flush(source, into);
            bytes = bytes[room..];
        }
        Append(bytes);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length)
            Array.Resize(ref _partial, Math.Min(MaxLineBytes, Math.Max(_partial.Length * 2, _partialLength + bytes.Length)));
        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    /// <summary>UTF-8 with U+FFFD for invalid bytes (Encoding.UTF8's default); a trailing CR is dropped.</summary>
    internal static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        return line.IsEmpty ? string.Empty : Encoding.UTF8.GetString(line);
    }
}
