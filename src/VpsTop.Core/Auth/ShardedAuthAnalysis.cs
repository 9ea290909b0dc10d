using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// <see cref="AuthAnalysis"/> split by source address into independent parts, so that a big file's lines are analysed
/// on every core: everything the analysis keeps is per IP, per /64 or per user name, and an IPv6 address goes to the
/// part of its /64, so each part sees all events of its sources in file order and reaches the same numbers and alarms
/// as one analysis would. <see cref="Merge"/> then joins the parts. A part holds at most its share of
/// <see cref="AuthAnalysisOptions.MaxSources"/>.
/// </summary>
public sealed class ShardedAuthAnalysis
{
    private readonly AuthAnalysisOptions _options;
    private readonly AuthAnalysis[] _parts;
    private readonly int[]?[] _mine;
    private long _sequence = long.MinValue; // orders the events added one by one before any file's lines

    public ShardedAuthAnalysis(AuthAnalysisOptions options, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _options = options;
        var share = options with { MaxSources = (options.MaxSources + shards - 1) / shards };
        _parts = Enumerable.Range(0, shards).Select(_ => new AuthAnalysis(share)).ToArray();
        _mine = new int[shards][];
    }

    public int Shards => _parts.Length;

    /// <summary>Lines analysed through <see cref="AddBlock"/>.</summary>
    public long BlockLines => Interlocked.Read(ref _blockLines);
    private long _blockLines;

    /// <summary>Which part a line's source belongs to (modulo the number of parts); lines without an IP go to part 0.</summary>
    internal static int PartitionOf(in AuthFacts facts) => HashOf(facts).Partition;

    /// <summary><see cref="AddressHash.Of"/> a line's IP, and its part (an IPv6 address goes with its /64).</summary>
    internal static (ulong Hash, int Partition) HashOf(in AuthFacts facts)
    {
        if (facts.Ip is not NetAddress ip) return (0, 0);
        ulong hash = AddressHash.Of(ip);
        return (hash, ip.Family == 6 ? AddressHash.PartitionOf(ip) : (int)(hash & int.MaxValue));
    }

    /// <summary>One event in order, before the blocks of a file (rotated history, the journal): on the calling thread.</summary>
    public void Add(in AuthFacts facts, ReadOnlySpan<char> text, in LogLineRef line)
    {
        var e = line.Event is null ? line with { Event = new AuthEvent(facts, text.ToString()) } : line;
        _parts[PartitionOf(facts) % _parts.Length].Add(facts, e, _sequence++);
    }

    /// <summary>The block's lines of one part, in order; each part takes the blocks in file order, parts in parallel.</summary>
    internal long AddBlock(int shard, ParallelAuthLogReader.ParsedBlock block, FileLines lines, DateTimeOffset? since)
    {
        var part = _parts[shard];
        var all = block.Lines;
        var partitions = block.Partitions;
        // this part's lines first, so that the loop below can look a few of them ahead
        int[] mine = _mine[shard] ??= new int[all.Length];
        if (mine.Length < all.Length) mine = _mine[shard] = new int[all.Length];
        int n = 0;
        for (int i = 0; i < partitions.Length; i++)
            if (partitions[i] % _parts.Length == shard) mine[n++] = i;
        // A big log's sources do not fit the caches, nor do the lines just parsed on another core: each line is asked
        // for LineAhead lines before it is needed, its slot SlotAhead lines before, its stats StatsAhead lines before
        // and the array its stats append to AppendAhead lines before, so that the waits overlap the work on the lines between.
        const int LineAhead = 12, SlotAhead = 8, StatsAhead = 5, AppendAhead = 2;
        // the stats found StatsAhead lines ago, by line number modulo 8: the line's own lookup is then skipped. On the
        // stack, not in an array: an array store checks the object's type, which waited for the very cache line the
        // prefetch had just asked for.
        var found = new FoundRing();
        long added = 0;
        for (int k = 0; k < n; k++)
        {
            if (k + LineAhead < n) Prefetch(ref all[mine[k + LineAhead]]);
            if (k + SlotAhead < n && all[mine[k + SlotAhead]].Hash is ulong slotHash and not 0) part.PrefetchSlot(slotHash);
            if (k + StatsAhead < n)
            {
                ref readonly var ahead = ref all[mine[k + StatsAhead]];
                found[(k + StatsAhead) & 7] = ahead.Facts.Ip is NetAddress aheadIp ? part.PrefetchStats(aheadIp, ahead.Hash) : null;
            }
            // the stats asked for a few lines ago have arrived: now the end of their per-second counts
            if (k + AppendAhead < n) found[(k + AppendAhead) & 7]?.PrefetchAppend();
            ref readonly var line = ref all[mine[k]];
            if (since is { } from && line.Facts.Time is { } t && t < from) continue;
            long offset = block.Offset + line.ByteStart;
            part.Add(line.Facts, new LogLineRef(null, lines, offset, line.ByteLength), offset, line.Hash, found[k & 7]);
            added++;
        }
        Interlocked.Add(ref _blockLines, added);
        return added;
    }

    [InlineArray(8)]
    private struct FoundRing
    {
        private SourceStats? _first;
    }

    private static unsafe void Prefetch(ref ParallelAuthLogReader.BlockLine line)
    {
        if (!Sse.IsSupported) return;
        byte* at = (byte*)Unsafe.AsPointer(ref line);
        for (int offset = 0; offset < Unsafe.SizeOf<ParallelAuthLogReader.BlockLine>(); offset += 64) Sse.Prefetch0(at + offset);
    }

    /// <summary>The parts as one analysis, alarms in the order their lines came. Call once all blocks are in.</summary>
    public AuthAnalysis Merge() => AuthAnalysis.Merge(_options, _parts);
}
