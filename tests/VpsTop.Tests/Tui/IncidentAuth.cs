using System.Globalization;
using System.Net;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.AuthSources;
using VpsTop.Core.Collection;
using VpsTop.Core.Logins;
using VpsTop.Core.Sockets;
using VpsTop.Tui;

namespace VpsTop.Tests.Tui;

/// <summary>
/// Hand-written auth.log lines for the incident of <see cref="IncidentSnapshot"/>, run through the real parser and
/// analysis: 203.0.113.66 (five sshd connections open right now) brute-forces root, tries invalid users, then gets
/// in with a password — the alarm; 198.51.100.23 sprays users, one of them a hostile name with escape and bidi
/// characters; two hosts of one IPv6 /64 fail; the admin from 192.0.2.10 logs in with a key and no failure.
/// </summary>
public static class IncidentAuth
{
    public const string HostileUser = "\u001b[2J\u202eadmin";
    public static readonly DateTimeOffset Start = DateTimeOffset.Now.AddMinutes(-30);

    private static string Line(int second, int pid, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{Start.AddSeconds(second):MMM dd HH:mm:ss} vps sshd[{pid}]: {message}");

    public static IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            Line(0, 700,
                "Accepted publickey for admin from 192.0.2.10 port 50100 ssh2: ED25519 SHA256:q5l0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abc"),
            Line(0, 700, "pam_unix(sshd:session): session opened for user admin(uid=1000) by (uid=0)"),
        };
        for (int i = 0; i < 12; i++)
            lines.Add(Line(60 + i * 5, 1000 + i, $"Failed password for root from 203.0.113.66 port {51000 + i} ssh2"));
        lines.Add(Line(125, 1100, "Invalid user oracle from 203.0.113.66 port 51100"));
        lines.Add(Line(125, 1100, "Failed password for invalid user oracle from 203.0.113.66 port 51100 ssh2"));
        foreach (var (user, i) in new[] { "test", "guest", "ubuntu", "pi", "postgres", HostileUser }.Select((u, i) => (u, i)))
        {
            lines.Add(Line(200 + i, 1200 + i, $"Invalid user {user} from 198.51.100.23 port {52000 + i}"));
            lines.Add(Line(200 + i, 1200 + i, $"Failed password for invalid user {user} from 198.51.100.23 port {52000 + i} ssh2"));
        }
        lines.Add(Line(300, 1300, "Failed password for root from 2001:db8:7::1 port 53000 ssh2"));
        lines.Add(Line(301, 1301, "Failed password for root from 2001:db8:7::2 port 53001 ssh2"));
        lines.Add(Line(302, 1302, "Failed password for root from 203.0.113.9 port 49999 ssh2"));
        lines.Add(Line(400, 1400, "Accepted password for root from 203.0.113.66 port 51999 ssh2"));
        lines.Add(Line(400, 1400, "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)"));
        lines.Add(Line(401, 1401, "banner exchange: Connection from 203.0.113.9 port 50000: invalid format"));
        lines.Add(Line(402, 1402, "something sshd said that no rule knows"));
        return lines;
    }

    public static AuthSnapshot Create()
    {
        var state = new AuthLiveState();
        foreach (string line in Lines()) state.Ingest(new LogLine(line, "/var/log/auth.log"), DateTimeOffset.Now);
        return state.Snapshot(["/var/log/auth.log"], 0, DateTimeOffset.Now);
    }

    private static NetAddress Ip(string s) => NetAddress.FromIPAddress(IPAddress.Parse(s));

    /// <summary>`last`: the attacker's root login is still on (its session process is sshd, PID 812 here); the admin's too.</summary>
    public static LoginSources.Result Logins() => new(
    [
        new LoginSession("root", "pts/1", "203.0.113.66", Ip("203.0.113.66"), Start.AddSeconds(400), null, SessionEnd.StillLoggedIn, 812),
        new LoginSession("admin", "pts/0", "192.0.2.10", Ip("192.0.2.10"), Start, null, SessionEnd.StillLoggedIn, 99999),
        new LoginSession("admin", "pts/0", "192.0.2.10", Ip("192.0.2.10"), Start.AddDays(-1), Start.AddDays(-1).AddMinutes(83),
            SessionEnd.Logout, 0),
    ], ["/var/log/wtmp"], []);

    public static LoginSources.Result FailedLogins() => new(
    [
        new LoginSession(HostileUser, "ssh:notty", "198.51.100.23", Ip("198.51.100.23"), Start.AddSeconds(205), null, SessionEnd.Failed, 0),
        new LoginSession("root", "ssh:notty", "203.0.113.66", Ip("203.0.113.66"), Start.AddSeconds(60), null, SessionEnd.Failed, 0),
    ], ["/var/log/btmp"], []);

    public static HandAuthFeed Feed() => new(Create());
}

/// <summary>The Auth pane's feed driven by the test: a snapshot it sets, the incident's login history, and a count of
/// the requests for rotated files.</summary>
public sealed class HandAuthFeed(AuthSnapshot snapshot) : IAuthFeed
{
    private readonly HeldFeed<AuthSnapshot> _held = new(snapshot);

    public AuthSnapshot Latest => _held.Latest;
    public long Version => _held.Version;
    public int RotatedRequests { get; private set; }

    public void Set(AuthSnapshot snapshot) => _held.Set(snapshot);
    public void CollectNow() => _held.CollectNow();
    public void ReadRotatedHistory() => RotatedRequests++;
    public LoginSources.Result ReadLogins() => IncidentAuth.Logins();
    public LoginSources.Result ReadFailedLogins() => IncidentAuth.FailedLogins();
}
