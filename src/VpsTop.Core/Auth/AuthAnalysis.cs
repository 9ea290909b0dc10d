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
    private readonly Dictionary<NetAddress, SourceStats> _byIp = new();
    private readonly Dictionary<NetAddress, SourceStats> _byNet = new();
    private readonly Dictionary<string, HashSet<NetAddress>> _ipsByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failuresByUser = new(StringComparer.Ordinal);
    private readonly List<CompromiseAlarm> _alarms = [];

    private readonly TimeSpan _retain;

    public AuthAnalysis(AuthAnalysisOptions? options = null)
    {
        Options = options ?? new AuthAnalysisOptions();
        // Failure times are needed as far back as an alarm looks, and at least as far as the per-minute rate does.
        _retain = Options.AlarmWindow > TimeSpan.FromHours(1) ? Options.AlarmWindow : TimeSpan.FromHours(1);
    }

    public AuthAnalysisOptions Options { get; }
    public IReadOnlyDictionary<NetAddress, SourceStats> ByIp => _byIp;
    public IReadOnlyDictionary<NetAddress, SourceStats> ByNetwork64 => _byNet;
    public IReadOnlyDictionary<string, HashSet<NetAddress>> IpsByUser => _ipsByUser;
    public IReadOnlyList<CompromiseAlarm> Alarms => _alarms;
    public int Unknown { get; private set; }

    public void Add(AuthEvent e)
    {
        if (e.Kind == AuthEventKind.Other) Unknown++;
        if (e.Ip is not NetAddress ip || _byIp.Count >= Options.MaxSources && !_byIp.ContainsKey(ip)) return;
        SourceStats one = Get(_byIp, ip, e.Time);
        SourceStats? net = ip.Family == 6 ? Get(_byNet, AuthAddress.Network64(ip), e.Time) : null;
        // the IP and its /64 get the same update; no per-event array of the two (millions of lines)
        AddTo(one, e);
        if (net is not null) AddTo(net, e);

        if (AuthEventKinds.IsFailure(e.Kind))
        {
            if (e.User is string user)
            {
                if (!_ipsByUser.TryGetValue(user, out var ips)) _ipsByUser[user] = ips = [];
                ips.Add(ip);
                if (e.Kind != AuthEventKind.InvalidUser) _failuresByUser[user] = _failuresByUser.GetValueOrDefault(user) + e.Count;
            }
        }
        else if (e.Kind == AuthEventKind.Accepted)
        {
            if (e.User is string user)
            {
                if (!_ipsByUser.TryGetValue(user, out var ips)) _ipsByUser[user] = ips = [];
                ips.Add(ip);
            }
            CheckAlarm(one, net, e);
        }
    }

    private void AddTo(SourceStats s, AuthEvent e)
    {
        if (e.Time is DateTimeOffset t)
        {
            if (s.FirstSeen is null || t < s.FirstSeen) s.FirstSeen = t;
            if (s.LastSeen is null || t > s.LastSeen) s.LastSeen = t;
        }
        if (AuthEventKinds.IsFailure(e.Kind))
        {
            // "Invalid user" and the "Failed … for invalid user" after it are one attempt: count the Failed line
            s.RecordFailure(e, counts: e.Kind != AuthEventKind.InvalidUser, _retain);
            if (e.User is string u) s.Users.Add(u);
        }
        else if (e.Kind is AuthEventKind.PreauthClose or AuthEventKind.ProtocolError or AuthEventKind.Timeout or AuthEventKind.Penalty)
        {
            s.Probes += e.Count;
        }
        else if (e.Kind == AuthEventKind.Accepted)
        {
            s.Accepted++;
        }
    }

    private void CheckAlarm(SourceStats one, SourceStats? net, AuthEvent accept)
    {
        for (int i = 0; i < (net is null ? 1 : 2); i++)
        {
            (SourceStats s, bool byNet) = i == 0 ? (one, false) : (net!, true);
            DateTimeOffset? from = accept.Time - Options.AlarmWindow;
            int failed = s.FailuresBetween(from, accept.Time);
            var evidence = s.EvidenceBetween(from, accept.Time);
            // A source that only ever probed invalid user names has no counted failure but did try: that counts too.
            if (failed == 0) failed = evidence.Sum(f => f.Count);
            if (failed < Options.AlarmMinFailures) continue;
            s.Compromised = true;
            if (!byNet) one.Compromised = true;
            _alarms.Add(new CompromiseAlarm(s.Address, byNet, accept, evidence, failed));
            return; // the /64 alarm only when the exact IP had no history
        }
    }

    /// <summary>Sources that tried at least <see cref="AuthAnalysisOptions.SprayMinUsers"/> user names.</summary>
    public IReadOnlyList<PasswordSpray> Sprays() => _byIp.Values
        .Where(s => s.Users.Count >= Options.SprayMinUsers)
        .OrderByDescending(s => s.Users.Count)
        .Select(s => new PasswordSpray(s.Address, s.Users, s.Failures)).ToList();

    /// <summary>User names tried from at least <see cref="AuthAnalysisOptions.DistributedMinSources"/> sources.</summary>
    public IReadOnlyList<DistributedAttack> DistributedAttacks() => _ipsByUser
        .Where(kv => kv.Value.Count >= Options.DistributedMinSources && _failuresByUser.ContainsKey(kv.Key))
        .OrderByDescending(kv => kv.Value.Count)
        .Select(kv => new DistributedAttack(kv.Key, kv.Value, _failuresByUser.GetValueOrDefault(kv.Key))).ToList();

    private static SourceStats Get(Dictionary<NetAddress, SourceStats> map, NetAddress key, DateTimeOffset? time)
    {
        if (!map.TryGetValue(key, out var s)) map[key] = s = new SourceStats(key, time);
        return s;
    }
}
