using System.Buffers;
using System.Text;

namespace VpsTop.Core.Auth;

/// <summary>One sshd line as a bulk reader delivers it: its facts, its text (valid during the call only) and its
/// place in the file, so a consumer that keeps few lines need not copy any.</summary>
public delegate void AuthLineSink(in AuthFacts facts, ReadOnlySpan<char> text, long offset, int byteLength);

/// <summary>
/// <see cref="AuthLogReader"/> for big files: the same events in the same order, handed to a callback instead of
/// collected, or summarised on every core (<see cref="Summarize"/>). The file is read in 4 MB blocks cut at a newline;
/// blocks are decoded and parsed on the thread pool, a few at a time, each worker also tying lines to the connections
/// begun in its block. On the calling thread, in block order, the lines whose connection began in an earlier block
/// are tied to it (<see cref="ConnectionTracker"/> carries connections from block to block) and the block is delivered.
/// Line breaks and invalid UTF-8 are treated as StreamReader treats them (\n, \r\n and a lone \r; U+FFFD).
/// </summary>
public static class ParallelAuthLogReader
{
    private const int BlockBytes = 4 << 20;

    /// <summary>One sshd line of a block: its facts (tied to the connection where the block could), where its text
    /// is in the block's chars and its bytes in the file, and <see cref="AddressHash.Of"/> its IP (0 without one).
    /// Its part of a sharded analysis is in <see cref="ParsedBlock.Partitions"/>.</summary>
    internal struct BlockLine
    {
        public AuthFacts Facts;
        public int Start, Length, ByteStart, ByteLength;
        public ulong Hash;
    }

    internal sealed class ParsedBlock(AuthLineParser parser)
    {
        private BlockLine[] _lines = [];
        // apart from the lines: each part of a sharded analysis scans them all for its own, and a scan of the lines
        // themselves read 152 bytes per line
        private int[] _partitions = [];
        private int _count;

        public AuthLineParser Parser { get; } = parser;
        public Span<BlockLine> Lines => _lines.AsSpan(0, _count);
        /// <summary><see cref="ShardedAuthAnalysis.HashOf"/> each line's source: which part it belongs to.</summary>
        public Span<int> Partitions => _partitions.AsSpan(0, _count);
        public int Count => _count;

        /// <summary>The slot after the last line, filled in place (the facts are 144 bytes: no copies through a list)
        /// and kept by <see cref="Commit"/>.</summary>
        public ref BlockLine Next()
        {
            if (_count == _lines.Length)
            {
                Array.Resize(ref _lines, Math.Max(1024, _lines.Length * 2));
                Array.Resize(ref _partitions, _lines.Length);
            }
            return ref _lines[_count];
        }

        public void Commit(int partition) => _partitions[_count++] = partition;

        /// <summary>Room for the lines a block of this many bytes usually holds (lines average over 96 bytes), made
        /// once: growing by doubling left each block's outgrown arrays behind, which during a summary (no collections)
        /// was a third of the memory touched, every page of it a fault.</summary>
        public void Reserve(int bytes)
        {
            int lines = bytes / 96 + 1024;
            if (_lines.Length >= lines) return;
            _lines = new BlockLine[lines];
            _partitions = new int[lines];
        }

        public List<int> Unresolved { get; } = [];
        public BlockConnections Connections { get; } = new();
        public char[] Text { get; set; } = [];
        public long Offset { get; set; }

        public void Reset()
        {
            if (Text.Length > 0) ArrayPool<char>.Shared.Return(Text);
            Text = [];
            // the slots are overwritten whole before they are kept again; their names are pooled strings
            _count = 0;
            Unresolved.Clear();
            Connections.Clear();
        }
    }

    /// <returns>The number of events delivered.</returns>
    public static long Read(Stream stream, DateTimeOffset now, Action<AuthEvent> sink, TimeZoneInfo? zone = null,
        bool bareMessages = false) =>
        Read(stream, now, (in AuthFacts facts, ReadOnlySpan<char> text, long _, int _) => sink(new AuthEvent(facts, text.ToString())),
            zone, bareMessages, BlockBytes);

    /// <returns>The number of lines delivered.</returns>
    public static long Read(Stream stream, DateTimeOffset now, AuthLineSink sink, TimeZoneInfo? zone = null, bool bareMessages = false) =>
        Read(stream, now, sink, zone, bareMessages, BlockBytes);

    /// <param name="blockBytes">Tests pass a small size to cut lines, CR LF pairs and UTF-8 sequences at block edges.</param>
    internal static long Read(Stream stream, DateTimeOffset now, Action<AuthEvent> sink, TimeZoneInfo? zone, bool bareMessages,
        int blockBytes) =>
        Read(stream, now, (in AuthFacts facts, ReadOnlySpan<char> text, long _, int _) => sink(new AuthEvent(facts, text.ToString())),
            zone, bareMessages, blockBytes);

    internal static long Read(Stream stream, DateTimeOffset now, AuthLineSink sink, TimeZoneInfo? zone, bool bareMessages, int blockBytes)
    {
        return ReadBlocks(stream, now, zone, bareMessages, blockBytes, block =>
        {
            char[] text = block.Text;
            foreach (ref readonly BlockLine line in block.Lines)
                sink(line.Facts, text.AsSpan(line.Start, line.Length), block.Offset + line.ByteStart, line.ByteLength);
            return null;
        });
    }

    /// <summary>The summary of a file: its lines analysed per source on every core, each part of
    /// <paramref name="analysis"/> taking the blocks in file order (see <see cref="ShardedAuthAnalysis"/>). Lines before
    /// <paramref name="since"/> are tied to their connections but not analysed.</summary>
    /// <returns>The number of sshd lines read.</returns>
    internal static long Summarize(Stream stream, DateTimeOffset now, ShardedAuthAnalysis analysis, FileLines lines, DateTimeOffset? since,
        TimeZoneInfo? zone, bool bareMessages, int blockBytes = BlockBytes)
    {
        var tails = new Task[analysis.Shards];
        Array.Fill(tails, Task.CompletedTask);
        long read = ReadBlocks(stream, now, zone, bareMessages, blockBytes, block =>
        {
            for (int shard = 0; shard < tails.Length; shard++)
            {
                int s = shard;
                // each part takes the blocks in order; a failure passes down its chain
                tails[s] = tails[s].ContinueWith(before =>
                {
                    before.GetAwaiter().GetResult();
                    analysis.AddBlock(s, block, lines, since);
                }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            return Task.WhenAll(tails);
        });
        Task.WaitAll(tails);
        return read;
    }

    /// <summary>
    /// The engine: blocks are parsed on the pool, a few at a time; on the calling thread, in file order, each block's
    /// lines that continue a connection from an earlier block are tied to it, the tracker learns the block's
    /// connections, and <paramref name="consume"/> gets the block. When it returns a task, the block stays alive until
    /// that task ends.
    /// </summary>
    /// <returns>The number of sshd lines delivered.</returns>
    private static long ReadBlocks(Stream stream, DateTimeOffset now, TimeZoneInfo? zone, bool bareMessages, int blockBytes,
        Func<ParsedBlock, Task?> consume)
    {
        var tracker = new ConnectionTracker();
        var idle = new Stack<ParsedBlock>();
        var pending = new Queue<Task<ParsedBlock>>();
        var held = new Queue<(ParsedBlock Block, Task Done)>();
        int inFlight = Environment.ProcessorCount + 2; // one more than the cores kept the parts waiting for blocks
        long offset = stream.CanSeek ? stream.Position : 0;
        long delivered = 0;

        void Recycle(ParsedBlock block)
        {
            block.Reset();
            idle.Push(block);
        }
        void DeliverOldest()
        {
            ParsedBlock block = pending.Dequeue().GetAwaiter().GetResult();
            if (!bareMessages) JoinConnections(block, tracker);
            delivered += block.Count;
            if (consume(block) is { } done) held.Enqueue((block, done));
            else Recycle(block);
            while (held.Count > inFlight || held.Count > 0 && held.Peek().Done.IsCompleted)
            {
                var (old, task) = held.Dequeue();
                task.GetAwaiter().GetResult();
                Recycle(old);
            }
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
            while (held.TryDequeue(out var last))
            {
                last.Done.GetAwaiter().GetResult();
                Recycle(last.Block);
            }
        }
        finally
        {
            // on an exception from a consumer or a read, let the tasks finish before their buffers go
            foreach (var t in pending) t.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            foreach (var (_, t) in held) t.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        }
        return delivered;
    }

    /// <summary>Ties the lines the block's worker could not (their connection began in an earlier block) to their
    /// connection as the tracker knows it at the block's start, then tells the tracker what the block did.</summary>
    private static void JoinConnections(ParsedBlock block, ConnectionTracker tracker)
    {
        var lines = block.Lines;
        foreach (int i in block.Unresolved)
        {
            ref BlockLine line = ref lines[i];
            if (line.Facts.Pid is int pid && tracker.TryGetOpen(pid, out var ip, out int? port))
            {
                line.Facts = line.Facts with { Ip = ip, Port = line.Facts.Port ?? port, IpFromConnection = true };
                (line.Hash, block.Partitions[i]) = ShardedAuthAnalysis.HashOf(line.Facts);
            }
        }
        block.Connections.ApplyTo(tracker);
    }

    private static ParsedBlock ParseBlock(byte[] bytes, int length, ParsedBlock block, DateTimeOffset now, bool bareMessages)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, length));
        try
        {
            // An all-ASCII block (the usual one) is widened and checked in one pass, and its lines' byte offsets are
            // their char offsets. Any other is decoded as UTF-8 (blocks end at a newline, so no sequence is split).
            ReadOnlySpan<byte> original = default;
            if (Ascii.ToUtf16(bytes.AsSpan(0, length), chars, out int count) != OperationStatus.Done)
            {
                count = Utf8.GetChars(bytes, 0, length, chars, 0);
                original = bytes.AsSpan(0, length);
            }
            block.Text = chars;
            block.Reserve(length);
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
    private static void ParseLines(ReadOnlySpan<char> text, ReadOnlySpan<byte> bytes, ParsedBlock block, DateTimeOffset now,
        bool bareMessages)
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
            ref BlockLine slot = ref block.Next();
            bool sshd = true;
            if (bareMessages) slot.Facts = AuthLineParser.FactsOfBareMessage(SshdMessageParser.Parse(line));
            else if (block.Parser.TryParseSshd(line, now, out SyslogPrefix prefix, out SshdMessage message))
            {
                slot.Facts = AuthLineParser.Facts(prefix, message);
                if (!block.Connections.Resolve(ref slot.Facts)) block.Unresolved.Add(block.Count);
            }
            else sshd = false;
            if (sshd)
            {
                (slot.Start, slot.Length, slot.ByteStart, slot.ByteLength) = (offset, line.Length, byteStart, byteLength);
                (slot.Hash, int partition) = ShardedAuthAnalysis.HashOf(slot.Facts);
                block.Commit(partition);
            }
            if (br < 0) break;
            offset += br + BreakLength(rest, br);
        }
    }

    /// <summary>\r\n is one break; \n and a lone \r are one each.</summary>
    private static int BreakLength(ReadOnlySpan<char> rest, int at) => at + 1 < rest.Length && rest[at] == '\r' && rest[at + 1] == '\n' ? 2
        : 1;

    private static int BreakLength(ReadOnlySpan<byte> rest, int at) => at + 1 < rest.Length && rest[at] == '\r' && rest[at + 1] == '\n' ? 2
        : 1;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
}
