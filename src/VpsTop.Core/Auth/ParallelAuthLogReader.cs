using System.Buffers;
using System.Text;

namespace VpsTop.Core.Auth;

/// <summary>One sshd line as a bulk reader delivers it: its facts, its text (valid during the call only) and its
/// place in the file, so a consumer that keeps few lines need not copy any.</summary>
public delegate void AuthLineSink(in AuthFacts facts, ReadOnlySpan<char> text, long offset, int byteLength);

/// <summary>
/// <see cref="AuthLogReader"/> for big files: the same events in the same order, handed to a callback instead of
/// collected. The file is read in 4 MB blocks cut at a newline; blocks are decoded and parsed on the thread pool, a
/// few at a time, into plain fields (no objects: parsed blocks waiting in the queue would otherwise survive every
/// young collection). On the calling thread, in block order, each line is tied to its connection
/// (<see cref="ConnectionTracker"/> needs file order) and delivered.
/// Line breaks and invalid UTF-8 are treated as StreamReader treats them (\n, \r\n and a lone \r; U+FFFD).
/// </summary>
public static class ParallelAuthLogReader
{
    private const int BlockBytes = 4 << 20;

    private readonly record struct ParsedLine(int Start, int Length, int ByteStart, int ByteLength, SyslogPrefix Prefix, SshdMessage Message);

    private sealed class ParsedBlock(AuthLineParser parser)
    {
        public AuthLineParser Parser { get; } = parser;
        public List<ParsedLine> Lines { get; } = [];
        public char[] Text { get; set; } = [];
        public long Offset { get; set; }
    }

    /// <returns>The number of events delivered.</returns>
    public static long Read(Stream stream, DateTimeOffset now, Action<AuthEvent> sink, TimeZoneInfo? zone = null, bool bareMessages = false) =>
        Read(stream, now, (in AuthFacts facts, ReadOnlySpan<char> text, long _, int _) => sink(new AuthEvent(facts, text.ToString())), zone, bareMessages, BlockBytes);

    /// <returns>The number of lines delivered.</returns>
    public static long Read(Stream stream, DateTimeOffset now, AuthLineSink sink, TimeZoneInfo? zone = null, bool bareMessages = false) =>
        Read(stream, now, sink, zone, bareMessages, BlockBytes);

    /// <param name="blockBytes">Tests pass a small size to cut lines, CR LF pairs and UTF-8 sequences at block edges.</param>
    internal static long Read(Stream stream, DateTimeOffset now, Action<AuthEvent> sink, TimeZoneInfo? zone, bool bareMessages, int blockBytes) =>
        Read(stream, now, (in AuthFacts facts, ReadOnlySpan<char> text, long _, int _) => sink(new AuthEvent(facts, text.ToString())), zone, bareMessages, blockBytes);

    internal static long Read(Stream stream, DateTimeOffset now, AuthLineSink sink, TimeZoneInfo? zone, bool bareMessages, int blockBytes)
    {
        var tracker = new ConnectionTracker();
        var idle = new Stack<ParsedBlock>();
        var pending = new Queue<Task<ParsedBlock>>();
        int inFlight = Math.Max(2, Environment.ProcessorCount + 1);
        long delivered = 0;
        long offset = stream.CanSeek ? stream.Position : 0;

        void DeliverOldest()
        {
            ParsedBlock block = pending.Dequeue().GetAwaiter().GetResult();
            char[] text = block.Text;
            foreach (ref readonly ParsedLine p in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(block.Lines))
            {
                AuthFacts facts = bareMessages ? AuthLineParser.FactsOfBareMessage(p.Message) : AuthLineParser.Facts(p.Prefix, p.Message);
                if (!bareMessages) tracker.Resolve(ref facts);
                sink(facts, text.AsSpan(p.Start, p.Length), block.Offset + p.ByteStart, p.ByteLength);
                delivered++;
            }
            ArrayPool<char>.Shared.Return(text);
            block.Text = [];
            block.Lines.Clear();
            idle.Push(block);
        }
        try
        {
            byte[] carry = [];
            int carryLength = 0;
            bool end = false;
            while (!end)
            {
                byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(blockBytes, carryLength * 2));
                carry.AsSpan(0, carryLength).CopyTo(bytes);
                int length = carryLength;
                if (carry.Length > 0) ArrayPool<byte>.Shared.Return(carry);
                carry = [];
                carryLength = 0;
                while (length < bytes.Length)
                {
                    int n = stream.Read(bytes, length, bytes.Length - length);
                    if (n == 0) { end = true; break; }
                    length += n;
                }
                int cut = end ? length : bytes.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                if (cut == 0 && !end)
                {
                    // one line longer than the block: read on with a bigger block
                    carry = bytes;
                    carryLength = length;
                    continue;
                }
                if (cut < length)
                {
                    carry = ArrayPool<byte>.Shared.Rent(Math.Max(length - cut, blockBytes));
                    bytes.AsSpan(cut, length - cut).CopyTo(carry);
                    carryLength = length - cut;
                }
                ParsedBlock block = idle.Count > 0 ? idle.Pop() : new ParsedBlock(new AuthLineParser(zone));
                block.Offset = offset;
                offset += cut;
                int blockLength = cut;
                pending.Enqueue(Task.Run(() => ParseBlock(bytes, blockLength, block, now, bareMessages)));
                while (pending.Count >= inFlight) DeliverOldest();
            }
            while (pending.Count > 0) DeliverOldest();
        }
        finally
        {
            // on an exception from the sink or a read, let the parsing tasks finish before their buffers go
            foreach (var t in pending) t.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        }
        return delivered;
    }

    private static ParsedBlock ParseBlock(byte[] bytes, int length, ParsedBlock block, DateTimeOffset now, bool bareMessages)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, length));
        try
        {
            // blocks end at a newline, so no UTF-8 sequence is split between blocks
            int count = Utf8.GetChars(bytes, 0, length, chars, 0);
            block.Text = chars;
            // in an all-ASCII block (the usual one) a line's byte offsets are its char offsets
            var original = Ascii.IsValid(bytes.AsSpan(0, length)) ? default : bytes.AsSpan(0, length);
            ParseLines(chars.AsSpan(0, count), original, block, now, bareMessages);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        return block;
    }

    /// <param name="bytes">The block as read when it is not all ASCII (empty otherwise): its lines are walked in step
    /// with the decoded ones for their byte offsets. Line breaks are ASCII, which decoding never merges into a
    /// replacement character, so the n-th line of both is the same line.</param>
    private static void ParseLines(ReadOnlySpan<char> text, ReadOnlySpan<byte> bytes, ParsedBlock block, DateTimeOffset now, bool bareMessages)
    {
        int offset = 0, byteOffset = 0;
        while (offset < text.Length)
        {
            var rest = text[offset..];
            int br = rest.IndexOfAny('\n', '\r');
            ReadOnlySpan<char> line = br < 0 ? rest : rest[..br];
            int byteStart = offset, byteLength = line.Length;
            if (!bytes.IsEmpty)
            {
                var byteRest = bytes[byteOffset..];
                int byteBr = byteRest.IndexOfAny((byte)'\n', (byte)'\r');
                byteStart = byteOffset;
                byteLength = byteBr < 0 ? byteRest.Length : byteBr;
                byteOffset += byteBr < 0 ? byteRest.Length : byteBr + BreakLength(byteRest, byteBr);
            }
            if (bareMessages) block.Lines.Add(new ParsedLine(offset, line.Length, byteStart, byteLength, default, SshdMessageParser.Parse(line)));
            else if (block.Parser.TryParseSshd(line, now, out SyslogPrefix prefix, out SshdMessage message))
                block.Lines.Add(new ParsedLine(offset, line.Length, byteStart, byteLength, prefix, message));
            if (br < 0) break;
            offset += br + BreakLength(rest, br);
        }
    }

    /// <summary>\r\n is one break; \n and a lone \r are one each.</summary>
    private static int BreakLength(ReadOnlySpan<char> rest, int at) => at + 1 < rest.Length && rest[at] == '\r' && rest[at + 1] == '\n' ? 2 : 1;

    private static int BreakLength(ReadOnlySpan<byte> rest, int at) => at + 1 < rest.Length && rest[at] == '\r' && rest[at + 1] == '\n' ? 2 : 1;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
}
