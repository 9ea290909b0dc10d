using System.Globalization;
using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Text;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>What the Auth pane's upper table shows.</summary>
public enum AuthView
{
    Attackers,
    Logins,
    FailedLogins,
}

/// <summary>
/// The Auth pane's columns: attackers per IP (compromised ones marked "!"), the login history like `last`, the failed
/// logins like `lastb`, and the live feed. Cells are sanitized here: user names and banners are attacker text. Times
/// are relative to <paramref name="now"/>'s answer when the cell is drawn.
/// </summary>
public static class AuthColumns
{
    public static IReadOnlyList<TableColumn<AttackerRow>> Attackers(Func<DateTimeOffset> now) =>
    [
        TableColumn<AttackerRow>.Flex("IP", 17, 41, 1, r => (r.Compromised ? "! " : "") + r.Address.ToDisplayString()) with
        {
            Compare = (a, b) => a.Address.Family != b.Address.Family ? a.Address.Family.CompareTo(b.Address.Family)
                : a.Address.Bits.CompareTo(b.Address.Bits),
        },
        Count("FAILED", 7, r => r.Failures, r => r.Failures.ToString(CultureInfo.InvariantCulture)),
        Count("OK", 4, r => r.Accepted, r => r.Accepted > 0 ? r.Accepted.ToString(CultureInfo.InvariantCulture) : ""),
        Count("/MIN", 5, r => r.FailuresPerMinute, r => r.FailuresPerMinute > 0
            ? r.FailuresPerMinute.ToString(r.FailuresPerMinute < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) : ""),
        TableColumn<AttackerRow>.Fixed("LAST SEEN", 12, r => AuthTime.Short(r.LastSeen, now())) with
        {
            DescendingFirst = true, Compare = (a, b) => Nullable.Compare(a.LastSeen, b.LastSeen),
        },
        TableColumn<AttackerRow>.Flex("USERS TRIED", 10, 400, 2, Users),
    ];

    private static TableColumn<AttackerRow> Count(string name, int width, Func<AttackerRow, double> value, Func<AttackerRow,
        string> text) =>
        TableColumn<AttackerRow>.Fixed(name, width, text) with
        {
            RightAligned = true,
            DescendingFirst = true,
            Compare = (a, b) => value(a).CompareTo(value(b)),
        };

    private static string Users(AttackerRow r) => r.UserCount == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"{r.UserCount}: {string.Join(", ", r.Users.Take(8).Select(u => SafeText.Sanitize(u, 24)))}{(r.UserCount > 8 ? ", …" : "")}");

    public static IReadOnlyList<TableColumn<LoginSession>> Logins(Func<DateTimeOffset> now) =>
    [
        TableColumn<LoginSession>.Fixed("USER", 12, s => SafeText.Sanitize(s.User, 32)),
        TableColumn<LoginSession>.Flex("FROM", 17, 46, 1, From),
        TableColumn<LoginSession>.Fixed("TTY", 7, s => SafeText.Sanitize(s.Line, 12)),
        TableColumn<LoginSession>.Fixed("LOGIN", 12, s => AuthTime.Short(s.Start, now())),
        TableColumn<LoginSession>.Fixed("LOGOUT", 16, s => s.Ending switch
        {
            SessionEnd.StillLoggedIn => "still logged in",
            SessionEnd.GoneNoLogout => "gone - no logout",
            SessionEnd.Crash => "crash",
            SessionEnd.Down => "down",
            _ => AuthTime.Short(s.End, now()),
        }),
        TableColumn<LoginSession>.Flex("TIME", 5, 20, 1, s => s.Duration is { } d ? Duration(d) : ""),
    ];

    public static IReadOnlyList<TableColumn<LoginSession>> FailedLogins(Func<DateTimeOffset> now) =>
    [
        TableColumn<LoginSession>.Fixed("USER", 16, s => SafeText.Sanitize(s.User, 32)),
        TableColumn<LoginSession>.Flex("FROM", 17, 46, 1, From),
        TableColumn<LoginSession>.Fixed("TTY", 10, s => SafeText.Sanitize(s.Line, 12)),
        TableColumn<LoginSession>.Flex("WHEN", 12, 20, 1, s => AuthTime.Short(s.Start, now())),
    ];

    private static string From(LoginSession s) => SafeText.Sanitize(s.Address?.ToDisplayString() ?? s.Host, 46);

    /// <summary>`last`'s "(01:23)" and "(2+03:04)" without the brackets.</summary>
    public static string Duration(TimeSpan d) => d.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalDays}+{d.Hours:00}:{d.Minutes:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{d.Hours:00}:{d.Minutes:00}");

    public static IReadOnlyList<TableColumn<AuthEvent>> Feed(Func<DateTimeOffset> now) =>
    [
        TableColumn<AuthEvent>.Fixed("TIME", 12, e => AuthTime.Short(e.Time, now())),
        TableColumn<AuthEvent>.Fixed("KIND", 14, e => e.KindName),
        TableColumn<AuthEvent>.Fixed("USER", 10, e => SafeText.Sanitize(e.User ?? "", 32)),
        TableColumn<AuthEvent>.Flex("IP", 15, 41, 1, e => e.Ip?.ToDisplayString() ?? ""),
        TableColumn<AuthEvent>.Fixed("PORT", 5, e => e.Port?.ToString(CultureInfo.InvariantCulture) ?? ""),
        TableColumn<AuthEvent>.Flex("DETAIL", 10, 400, 2, Detail),
    ];

    private static string Detail(AuthEvent e)
    {
        string detail = e.Kind == AuthEventKind.Other ? Message(e.Line) : e.Method ?? "";
        if (e.Count > 1) detail = string.Create(CultureInfo.InvariantCulture, $"×{e.Count} {detail}");
        return SafeText.Sanitize(detail, 400);
    }

    /// <summary>The message of a log line without its syslog header ("Nov 28 03:12:01 vps sshd[812]: "), which the
    /// TIME column already shows.</summary>
    public static string Message(string line)
    {
        int end = line.IndexOf("]: ", StringComparison.Ordinal);
        return end is > 0 and < 120 ? line[(end + 3)..] : line;
    }
}
