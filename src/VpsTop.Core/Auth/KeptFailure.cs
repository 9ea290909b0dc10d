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
    private readonly object? _source; // AuthEvent, or FileLines
    private readonly long _offset;
    private readonly int _length;
    private readonly NetAddress _connectionIp;
    private readonly int _connectionPort;
    private readonly bool _fromConnection;

    public KeptFailure(in AuthFacts facts, in LogLineRef line)
    {
        _utcTicks = facts.Time?.UtcTicks ?? NoTime;
        Count = facts.Count;
        Kind = facts.Kind;
        _source = (object?)line.Event ?? line.File;
        _offset = line.Offset;
        _length = line.Length;
        if (facts.IpFromConnection && facts.Ip is NetAddress ip)
        {
            _fromConnection = true;
            _connectionIp = ip;
            _connectionPort = facts.Port ?? 0;
        }
    }

    public int Count { get; }
    public AuthEventKind Kind { get; }

    public bool Within(DateTimeOffset? from, DateTimeOffset? to) =>
        _utcTicks == NoTime || from is null || to is null || (_utcTicks >= from.Value.UtcTicks && _utcTicks <= to.Value.UtcTicks);

    public AuthEvent ToEvent()
    {
        if (_source is AuthEvent e) return e;
        if (_source is not FileLines file)
            return new AuthEvent(new AuthFacts(Time, Kind, null, _fromConnection ? _connectionIp : null, null, null, null, false) { Count = Count }, "");
        var read = file.ReadEvent(_offset, _length);
        if (!_fromConnection || read.Ip is not null) return read;
        return read with { Facts = read.Facts with { Ip = _connectionIp, Port = read.Port ?? (_connectionPort > 0 ? _connectionPort : null), IpFromConnection = true } };
    }

    private DateTimeOffset? Time => _utcTicks == NoTime ? null : new DateTimeOffset(_utcTicks, TimeSpan.Zero);
}
