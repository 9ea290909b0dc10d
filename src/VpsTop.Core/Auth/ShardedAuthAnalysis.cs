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
    private long _sequence = long.MinValue; // orders the events added one by one before any file's lines

    public ShardedAuthAnalysis(AuthAnalysisOptions options, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _options = options;
        var share = options with { MaxSources = (options.MaxSources + shards - 1) / shards };
        _parts = Enumerable.Range(0, shards).Select(_ => new AuthAnalysis(share)).ToArray();
    }

    public int Shards => _parts.Length;

    /// <summary>Lines analysed through <see cref="AddBlock"/>.</summary>
    public long BlockLines => Interlocked.Read(ref _blockLines);
    private long _blockLines;

    /// <summary>Which part a line's source belongs to (modulo the number of parts); lines without an IP go to part 0.</summary>
    internal static int PartitionOf(in AuthFacts facts) =>
        facts.Ip is NetAddress ip ? AuthAddress.Network64(ip).GetHashCode() & int.MaxValue : 0;

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
        long n = 0;
        foreach (ref readonly var line in block.Lines)
        {
            if (line.Partition % _parts.Length != shard || since is { } from && line.Facts.Time is { } t && t < from) continue;
            long offset = block.Offset + line.ByteStart;
            part.Add(line.Facts, new LogLineRef(null, lines, offset, line.ByteLength), offset);
            n++;
        }
        Interlocked.Add(ref _blockLines, n);
        return n;
    }

    /// <summary>The parts as one analysis, alarms in the order their lines came. Call once all blocks are in.</summary>
    public AuthAnalysis Merge() => AuthAnalysis.Merge(_options, _parts);
}
