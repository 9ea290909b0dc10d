using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// One failure kept as an alarm's evidence, small: its time and count (to pick the ones in the window), and its
/// line — the event itself, or its place in a file read in bulk, parsed again only when an alarm shows it. The
/// address is kept when it came from the connection (a line like "Disconnecting: Too many authentication failures"
/// names none), since parsing the line alone cannot recover it.
/// </summary>
internal readonly struct KeptFailure
{
    private const long NoTime = long.MinValue;

    private readonly long _utcTicks;
    private readonly object? _source; // AuthEvent, FileLines, or (rarely) a FromConnection
    private readonly long _offset;
    private readonly int _length;

    /// <summary>A line of a file whose address came from its connection: kept aside, so that the usual failure
    /// (which names its address) costs 40 bytes, not 64, six times per source.</summary>
    private sealed record FromConnection(FileLines? File, NetAddress Ip, int Port);

    public KeptFailure(in AuthFacts facts, in LogLineRef line)
    {
        _utcTicks = facts.Time?.UtcTicks ?? NoTime;
        Count = facts.Count;
        Kind = facts.Kind;
        _source = line.Event is { } e ? e
            : facts.IpFromConnection && facts.Ip is NetAddress ip ? new FromConnection(line.File, ip, facts.Port ?? 0)
            : line.File;
        _offset = line.Offset;
        _length = line.Length;
    }

    public int Count { get; }
    public AuthEventKind Kind { get; }

    public bool Within(DateTimeOffset? from, DateTimeOffset? to) =>
        _utcTicks == NoTime || from is null || to is null || (_utcTicks >= from.Value.UtcTicks && _utcTicks <= to.Value.UtcTicks);

    public AuthEvent ToEvent()
    {
        switch (_source)
        {
            case AuthEvent e:
                return e;
            case FileLines file:
                return file.ReadEvent(_offset, _length);
            case FromConnection c:
                var read = c.File?.ReadEvent(_offset, _length) ?? new AuthEvent(new AuthFacts(Time, Kind, null, null, null, null, null,
                    false)
                { Count = Count }, "");
                if (read.Ip is not null) return read;
                return read with
                {
                    Facts = read.Facts with
                    {
                        Ip = c.Ip,
                        Port = read.Port ?? (c.Port > 0 ? c.Port : null),
                        IpFromConnection = true
                    }
                };
            default:
                return new AuthEvent(new AuthFacts(Time, Kind, null, null, null, null, null, false) { Count = Count }, "");
        }
    }

    private DateTimeOffset? Time => _utcTicks == NoTime ? null : new DateTimeOffset(_utcTicks, TimeSpan.Zero);
}
