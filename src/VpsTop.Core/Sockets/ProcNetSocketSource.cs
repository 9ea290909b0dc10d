using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Sockets;

/// <summary>
/// Reads /proc/net/{tcp,tcp6,udp,udp6} under a <see cref="SystemRoot"/>, so a captured tree can stand in
/// for the live system. Lines are parsed as bytes from one reused buffer: with 10k sockets this runs every
/// second, and a string per line would be most of the cost. Not thread-safe: one instance per collector.
/// </summary>
public sealed class ProcNetSocketSource : ISocketSource
{
    private const int BufferSize = 64 * 1024;

    private readonly (string Path, Proto Proto, byte Family)[] _tables;
    private readonly byte[] _buffer = new byte[BufferSize];

    public ProcNetSocketSource(SystemRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
        _tables =
        [
            (root.Proc("net/tcp"), Proto.Tcp, 4),
            (root.Proc("net/tcp6"), Proto.Tcp, 6),
            (root.Proc("net/udp"), Proto.Udp, 4),
            (root.Proc("net/udp6"), Proto.Udp, 6),
        ];
    }

    public SystemRoot Root { get; }

    public string Name => "procfs";

    public IReadOnlyList<string> Read(List<SocketEntry> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        List<string>? problems = null;
        foreach (var (path, proto, family) in _tables)
        {
            int start = into.Count;
            string? problem = ReadTable(path, proto, family, into);
            if (problem is not null)
                (problems ??= []).Add(problem);
            _repeats.Drop(into, start);
        }
        return problems ?? (IReadOnlyList<string>)[];
    }

    private readonly SocketRepeats _repeats = new();

    private string? ReadTable(string path, Proto proto, byte family, List<SocketEntry> into)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Normal when IPv6 is disabled (no tcp6/udp6) or in a partial capture.
            return $"{path}: not found";
        }
        catch (UnauthorizedAccessException)
        {
            // .NET reports opening a directory as access denied; say which it really is.
            return Directory.Exists(path) ? $"{path}: is a directory" : $"{path}: permission denied";
        }
        catch (IOException e)
        {
            return $"{path}: {e.Message}";
        }

        using (handle)
        {
            int malformed = 0;
            long offset = 0;
            int filled = 0;
            bool skippingLongLine = false;
            string? readError = null;
            byte[] buffer = _buffer;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A full buffer without a newline is far longer than any real row: drop it up to the next newline.
                    malformed++;
                    skippingLongLine = true;
                    filled = 0;
                }

                int n;
                try
                {
                    n = RandomAccess.Read(handle, buffer.AsSpan(filled), offset);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    readError = e.Message;
                    break;
                }
                if (n <= 0)
                    break;
                offset += n;

                int end = filled + n;
                int lineStart = 0;
                int scanFrom = filled;
                while (true)
                {
                    int nl = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n');
                    if (nl < 0)
                        break;
                    nl += scanFrom;
                    if (skippingLongLine)
                        skippingLongLine = false;
                    else if (ParseLine(buffer.AsSpan(lineStart, nl - lineStart), proto, family, into) == LineKind.Malformed)
                        malformed++;
                    lineStart = scanFrom = nl + 1;
                }

                if (skippingLongLine)
                {
                    filled = 0;
                }
                else
                {
                    filled = end - lineStart;
                    buffer.AsSpan(lineStart, filled).CopyTo(buffer);
                }
            }

            // The kernel always ends rows with a newline; a tail without one was cut short and
            // still gets a chance, since ParseLine rejects rows that stop before the inode.
            if (filled > 0 && !skippingLongLine && readError is null
                && ParseLine(buffer.AsSpan(0, filled), proto, family, into) == LineKind.Malformed)
                malformed++;

            if (readError is not null)
                return $"{path}: read error after {offset} bytes: {readError}";
            if (offset == 0)
                return $"{path}: empty (not even a header)";
            if (malformed > 0)
                return $"{path}: {malformed} malformed line{(malformed == 1 ? "" : "s")} skipped";
            return null;
        }
    }

    internal enum LineKind { Entry, Header, Blank, Malformed }

    /// <summary>
    /// One row: "sl: local rem st tx:rx tr:when retrnsmt uid timeout inode ref ...". Addresses are the
    /// kernel's in-memory words printed with %08X in host byte order; ports are plain hex numbers.
    /// </summary>
    internal static LineKind ParseLine(ReadOnlySpan<byte> line, Proto proto, byte family, List<SocketEntry> into)
    {
        if (!NextToken(ref line, out var sl))
            return LineKind.Blank;
        if (sl.SequenceEqual("sl"u8))
            return LineKind.Header;
        if (sl.Length < 2 || sl[^1] != (byte)':' || !IsDecimal(sl[..^1]))
            return LineKind.Malformed;

        if (!NextToken(ref line, out var local) || !TryParseEndpoint(local, family, out var localAddress, out ushort localPort))
            return LineKind.Malformed;
        if (!NextToken(ref line, out var remote) || !TryParseEndpoint(remote, family, out var remoteAddress, out ushort remotePort))
            return LineKind.Malformed;
        if (!NextToken(ref line, out var st) || st.Length != 2 || !TryParseHex(st, out uint state))
            return LineKind.Malformed;
        if (!NextToken(ref line, out var queues) || queues.Length != 17 || queues[8] != (byte)':'
            || !TryParseHex(queues[..8], out uint txQueue) || !TryParseHex(queues[9..], out uint rxQueue))
            return LineKind.Malformed;
        if (!NextToken(ref line, out _) || !NextToken(ref line, out _)) // tr:tm->when, retrnsmt
            return LineKind.Malformed;
        if (!NextToken(ref line, out var uidText) || !TryParseDecimal(uidText, out ulong uid) || uid > uint.MaxValue)
            return LineKind.Malformed;
        if (!NextToken(ref line, out _)) // timeout
            return LineKind.Malformed;
        if (!NextToken(ref line, out var inodeText) || !TryParseDecimal(inodeText, out ulong inode))
            return LineKind.Malformed;
        // Every kernel row has a refcount after the inode; requiring it catches a row cut inside the inode.
        if (!NextToken(ref line, out _))
            return LineKind.Malformed;

        into.Add(new SocketEntry(proto, family, localAddress, localPort, remoteAddress, remotePort,
            (SocketState)state, (uint)uid, inode, txQueue, rxQueue));
        return LineKind.Entry;
    }

    private static bool NextToken(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> token)
    {
        int start = 0;
        while (start < rest.Length && (rest[start] == (byte)' ' || rest[start] == (byte)'\t' || rest[start] == (byte)'\r'))
            start++;
        rest = rest[start..];
        if (rest.IsEmpty)
        {
            token = default;
            return false;
        }
        int end = rest.IndexOfAny((byte)' ', (byte)'\t', (byte)'\r');
        if (end < 0)
            end = rest.Length;
        token = rest[..end];
        rest = rest[end..];
        return true;
    }

    /// <summary>"0100007F:0016" (IPv4) or 32 hex digits + ":0016" (IPv6).</summary>
    internal static bool TryParseEndpoint(ReadOnlySpan<byte> text, byte family, out NetAddress address, out ushort port)
    {
        address = default;
        port = 0;
        int hexDigits = family == 4 ? 8 : 32;
        if (text.Length != hexDigits + 5 || text[hexDigits] != (byte)':' || !TryParseHex(text[(hexDigits + 1)..], out uint p))
            return false;
        port = (ushort)p;

        // Writing each word back in host order restores the kernel's bytes, which are in network order.
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < hexDigits / 8; i++)
        {
            if (!TryParseHex(text.Slice(i * 8, 8), out uint word))
                return false;
            MemoryMarshal.Write(bytes[(i * 4)..], in word);
        }
        address = family == 4
            ? NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : NetAddress.FromV6(bytes);
        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 8)
            return false;
        foreach (byte c in text)
        {
            uint digit;
            if (c >= '0' && c <= '9') digit = (uint)(c - '0');
            else if (c >= 'A' && c <= 'F') digit = (uint)(c - 'A' + 10);
            else if (c >= 'a' && c <= 'f') digit = (uint)(c - 'a' + 10);
            else return false;
            value = (value << 4) | digit;
        }
        return true;
    }

    private static bool IsDecimal(ReadOnlySpan<byte> text)
    {
        foreach (byte c in text)
            if (c < '0' || c > '9')
                return false;
        return !text.IsEmpty;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
            return false;
        foreach (byte c in text)
        {
            if (c < '0' || c > '9')
                return false;
            ulong next = value * 10 + (uint)(c - '0');
            if (next / 10 != value) // overflow past ulong
                return false;
            value = next;
        }
        return true;
    }
}
