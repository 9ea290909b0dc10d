using VpsTop.Core.Platform;

namespace VpsTop.Core.Logins;

/// <summary>
/// wtmpdb's SQLite database (Debian 13+, OpenSSH 10 built --with-wtmpdb), the successor of wtmp:
/// <c>wtmp(ID, Type, User, Login, Logout, TTY, RemoteHost, Service)</c>, times in µs since the epoch, Type 1 = boot,
/// 2 = runlevel, 3 = user process (not the utmp numbers), Logout NULL while the session is open.
/// </summary>
public static class WtmpDb
{
    private const int BootTime = 1, UserProcess = 3;

    /// <summary>Sessions newest first, or null with the reason the database could not be read.</summary>
    public static IReadOnlyList<LoginSession>? Read(string path, out string? error)
    {
        using var db = Sqlite.Open(path, out error);
        if (db is null) return null;
        var rows = new List<(long Type, string User, long Login, long? Logout, string Tty, string Host)>();
        error = db.Query("SELECT Type, User, Login, Logout, TTY, RemoteHost FROM wtmp ORDER BY Login",
            c => rows.Add((c.Int64(0), c.Text(1), c.Int64(2), c.IsNull(3) ? null : c.Int64(3), c.Text(4), c.Text(5))));
        if (error is not null) return null;

        var sessions = new List<LoginSession>(rows.Count);
        DateTimeOffset? laterBoot = null;
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            var r = rows[i];
            var start = DateTimeOffset.FromUnixTimeMilliseconds(r.Login / 1000);
            DateTimeOffset? end = r.Logout is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l / 1000) : null;
            if (r.Type == BootTime)
            {
                sessions.Add(new LoginSession("reboot", "system boot", r.Host, null, start, end ?? laterBoot, SessionEnd.Boot, 0));
                laterBoot = start;
            }
            else if (r.Type == UserProcess)
            {
                var ending = end is not null ? SessionEnd.Logout : laterBoot is not null ? SessionEnd.Crash : SessionEnd.StillLoggedIn;
                sessions.Add(new LoginSession(r.User, r.Tty, r.Host, ParseAddress(r.Host), start, end ?? laterBoot, ending, 0));
            }
        }
        return sessions;
    }

    private static Sockets.NetAddress? ParseAddress(string host) =>
        System.Net.IPAddress.TryParse(host, out var ip) && host.Contains(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? '.' : ':')
            ? Sockets.NetAddress.FromIPAddress(ip).Folded : null;
}
