using System.Runtime.InteropServices;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// Aggregates events per source IP and per IPv6 /64, per user; finds sprays (one IP, many users) and distributed
/// attacks (many IPs, one user); raises <see cref="CompromiseAlarm"/> when an Accepted login comes from an IP or
/// /64 that failed within <see cref="AuthAnalysisOptions.AlarmWindow"/>. Feed events in time order.
/// Duplicate PAM evidence (pam_unix "authentication failure", "PAM N more") is not counted as failures; the
/// "Failed …" lines already are.
/// </summary>
public sealed class AuthAnalysis
{
    private readonly SourceTable _byIp = new();
    private readonly SourceTable _byNet = new();
    // Which sources tried each name is in the sources themselves (SourceStats.Users): the map is built when asked
    // for, not kept per line (a big log's "root" set held 100,000 addresses, rehashed as it grew). Only the names of
    // accepted logins are kept here.
    private readonly Dictionary<string, HashSet<NetAddress>> _acceptedIpsByUser = new(StringComparer.Ordinal);
    private Dictionary<string, HashSet<NetAddress>>? _ipsByUser;
    private long _changes, _ipsByUserAt = -1;
    private readonly Dictionary<string, int> _failuresByUser = new(StringComparer.Ordinal);
    private readonly List<CompromiseAlarm> _alarms = [];
    private readonly List<long> _alarmOrder = []; // where each alarm's accept line is, for Merge

    private readonly TimeSpan _retain;
    private SourceStats? _lastOne, _lastNet;
    // the name of the last counted failure and its count not yet in _failuresByUser: a connection fails as one name
    // several times, and a reference check is cheaper than hashing the name
    private string? _pendingUser;
    private int _pendingFailures;

    public AuthAnalysis(AuthAnalysisOptions? options = null)
    {
        Options = options ?? new AuthAnalysisOptions();
        // Failure times are needed as far back as an alarm looks, and at least as far as the per-minute rate does.
        _retain = Options.AlarmWindow > TimeSpan.FromHours(1) ? Options.AlarmWindow : TimeSpan.FromHours(1);
    }

    public AuthAnalysisOptions Options { get; }
    public IReadOnlyDictionary<NetAddress, SourceStats> ByIp => _byIp;
    public IReadOnlyDictionary<NetAddress, SourceStats> ByNetwork64 => _byNet;
    /// <summary>For each user name, the sources that failed as it or logged in as it.</summary>
    public IReadOnlyDictionary<string, HashSet<NetAddress>> IpsByUser
    {
        get
        {
            if (_ipsByUser is { } known && _ipsByUserAt == _changes) return known;
            var map = new Dictionary<string, HashSet<NetAddress>>(StringComparer.Ordinal);
            foreach (var s in _byIp.Values)
                foreach (string user in s.Users) IpsOf(map, user).Add(s.Address);
            foreach (var (user, ips) in _acceptedIpsByUser) IpsOf(map, user).UnionWith(ips);
            (_ipsByUser, _ipsByUserAt) = (map, _changes);
            return map;
        }
    }

    public IReadOnlyList<CompromiseAlarm> Alarms => _alarms;
    public int Unknown { get; private set; }

    public void Add(AuthEvent e) => Add(e.Facts, LogLineRef.Of(e));

    /// <summary>One event without its text: a bulk reader passes where the line is, and it is read back only if it
    /// becomes an alarm's evidence.</summary>
    public void Add(in AuthFacts e, in LogLineRef line) => Add(e, line, _alarms.Count);

    /// <param name="order">Where the line is among all lines (its byte offset in a file read in bulk): orders the
    /// alarms of the parts of a <see cref="ShardedAuthAnalysis"/>.</param>
    internal void Add(in AuthFacts e, in LogLineRef line, long order) =>
        Add(e, line, order, e.Ip is NetAddress ip ? AddressHash.Of(ip) : 0, null);

    /// <param name="ipHash"><see cref="AddressHash.Of"/> the line's IP, computed where the line was parsed.</param>
    /// <param name="known">The source as <see cref="PrefetchStats"/> found it, when it did.</param>
    internal void Add(in AuthFacts e, in LogLineRef line, long order, ulong ipHash, SourceStats? known)
    {
        if (e.Kind == AuthEventKind.Other) Unknown++;
        if (e.Ip is not NetAddress ip) return;
        // a connection's lines come together: the source of the last line is usually this line's too
        SourceStats one;
        if (_lastOne is { } last && last.Address == ip) one = last;
        else if (known is not null && known.Address == ip) one = _lastOne = known;
        else if (_byIp.Count >= Options.MaxSources && _byIp.Find(ip, ipHash) is null) return;
        else one = _lastOne = _byIp.GetOrAdd(ip, ipHash, e.Time);
        SourceStats? net = null;
        if (ip.Family == 6)
        {
            var network = AuthAddress.Network64(ip);
            net = _lastNet is { } lastNet && lastNet.Address == network ? lastNet : _lastNet = _byNet.GetOrAdd(network,
                AddressHash.Of(network), e.Time);
        }
        // the IP and its /64 get the same update; no per-event array of the two (millions of lines)
        bool newUser = AddTo(one, e, line);
        if (net is not null) AddTo(net, e, line);

        if (AuthEventKinds.IsFailure(e.Kind))
        {
            if (e.User is string user)
            {
                // a name new for this source changes IpsByUser
                if (newUser) _changes++;
                if (e.Kind != AuthEventKind.InvalidUser) CountFailure(user, e.Count);
            }
        }
        else if (e.Kind == AuthEventKind.Accepted)
        {
            if (e.User is string user && IpsOf(_acceptedIpsByUser, user).Add(ip)) _changes++;
            if (CheckAlarm(one, net, e, line)) _alarmOrder.Add(order);
        }
    }

    /// <returns>Whether the event is a failure with a user name this source had not tried before.</returns>
    private bool AddTo(SourceStats s, in AuthFacts e, in LogLineRef line)
    {
        if (e.Time is DateTimeOffset t)
        {
            if (s.FirstSeen is null || t < s.FirstSeen) s.FirstSeen = t;
            if (s.LastSeen is null || t > s.LastSeen) s.LastSeen = t;
        }
        if (AuthEventKinds.IsFailure(e.Kind))
        {
            // "Invalid user" and the "Failed … for invalid user" after it are one attempt: count the Failed line
            s.RecordFailure(e, line, counts: e.Kind != AuthEventKind.InvalidUser, _retain);
            if (e.User is string u) return s.AddUser(u);
        }
        else if (e.Kind is AuthEventKind.PreauthClose or AuthEventKind.ProtocolError or AuthEventKind.Timeout or AuthEventKind.Penalty)
        {
            s.Probes += e.Count;
        }
        else if (e.Kind == AuthEventKind.Accepted)
        {
            s.Accepted++;
        }
        return false;
    }

    /// <returns>Whether an alarm was raised.</returns>
    private bool CheckAlarm(SourceStats one, SourceStats? net, in AuthFacts accept, in LogLineRef acceptLine)
    {
        for (int i = 0; i < (net is null ? 1 : 2); i++)
        {
            (SourceStats s, bool byNet) = i == 0 ? (one, false) : (net!, true);
            DateTimeOffset? from = accept.Time - Options.AlarmWindow;
            int failed = s.FailuresBetween(from, accept.Time);
            // A source that only ever probed invalid user names has no counted failure but did try: that counts too.
            if (failed == 0) failed = s.EvidenceCountBetween(from, accept.Time);
            if (failed < Options.AlarmMinFailures) continue;
            var evidence = s.EvidenceBetween(from, accept.Time);
            s.Compromised = true;
            if (!byNet) one.Compromised = true;
            _alarms.Add(new CompromiseAlarm(s.Address, byNet, acceptLine.ToEvent(accept), evidence, failed));
            return true; // the /64 alarm only when the exact IP had no history
        }
        return false;
    }

    /// <summary>One analysis of parts that saw disjoint sources (each IP with its /64): their tables side by side,
    /// the users' sources and failures added up, the alarms in the order of their lines.</summary>
    internal static AuthAnalysis Merge(AuthAnalysisOptions options, IReadOnlyList<AuthAnalysis> parts)
    {
        var all = new AuthAnalysis(options);
        all._byIp.EnsureCapacity(parts.Sum(p => p._byIp.Count));
        all._byNet.EnsureCapacity(parts.Sum(p => p._byNet.Count));
        var alarms = new List<(long Order, CompromiseAlarm Alarm)>();
        foreach (var part in parts)
        {
            foreach (var s in part._byIp.Values) all._byIp.Add(s);
            foreach (var s in part._byNet.Values) all._byNet.Add(s);
            foreach (var (user, ips) in part._acceptedIpsByUser) IpsOf(all._acceptedIpsByUser, user).UnionWith(ips);
            foreach (var (user, n) in part.FailuresByUser) CollectionsMarshal.GetValueRefOrAddDefault(all._failuresByUser, user,
                out _) += n;
            all.Unknown += part.Unknown;
            alarms.AddRange(part._alarmOrder.Zip(part._alarms));
        }
        foreach (var (order, alarm) in alarms.OrderBy(a => a.Order))
        {
            all._alarms.Add(alarm);
            all._alarmOrder.Add(order);
        }
        return all;
    }

    /// <summary>Sources that tried at least <see cref="AuthAnalysisOptions.SprayMinUsers"/> user names.</summary>
    public IReadOnlyList<PasswordSpray> Sprays() => _byIp.Values
        .Where(s => s.UserCount >= Options.SprayMinUsers)
        .OrderByDescending(s => s.UserCount)
        .Select(s => new PasswordSpray(s.Address, s.Users, s.Failures)).ToList();

    /// <summary>User names tried from at least <see cref="AuthAnalysisOptions.DistributedMinSources"/> sources.</summary>
    public IReadOnlyList<DistributedAttack> DistributedAttacks() => IpsByUser
        .Where(kv => kv.Value.Count >= Options.DistributedMinSources && FailuresByUser.ContainsKey(kv.Key))
        .OrderByDescending(kv => kv.Value.Count)
        .Select(kv => new DistributedAttack(kv.Key, kv.Value, FailuresByUser.GetValueOrDefault(kv.Key))).ToList();

    private void CountFailure(string user, int count)
    {
        if (!ReferenceEquals(user, _pendingUser))
        {
            FlushPendingFailures();
            _pendingUser = user;
        }
        _pendingFailures += count;
    }

    private void FlushPendingFailures()
    {
        if (_pendingUser is { } user) CollectionsMarshal.GetValueRefOrAddDefault(_failuresByUser, user, out _) += _pendingFailures;
        (_pendingUser, _pendingFailures) = (null, 0);
    }

    /// <summary>Counted failures per user name, the pending ones included.</summary>
    private Dictionary<string, int> FailuresByUser
    {
        get
        {
            FlushPendingFailures();
            return _failuresByUser;
        }
    }

    /// <summary>Asks for the slot of a line's source to be brought into the cache, a few lines ahead of
    /// <see cref="Add(in AuthFacts, in LogLineRef, long, ulong, SourceStats?)"/>.</summary>
    internal void PrefetchSlot(ulong ipHash) => _byIp.Prefetch(ipHash);

    /// <summary>Asks for a line's source's stats to be brought into the cache, after <see cref="PrefetchSlot"/>;
    /// returns them when the source is known (null for a new one), for <see cref="Add(in AuthFacts, in LogLineRef, long, ulong,
    /// SourceStats?)"/>.</summary>
    internal SourceStats? PrefetchStats(NetAddress ip, ulong ipHash) => _byIp.PrefetchStats(ip, ipHash);

    private static HashSet<NetAddress> IpsOf(Dictionary<string, HashSet<NetAddress>> map, string user) =>
        CollectionsMarshal.GetValueRefOrAddDefault(map, user, out _) ??= [];
}
