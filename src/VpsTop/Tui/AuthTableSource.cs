using System.Globalization;
using Terminal.Gui.Views;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>What the Auth pane's upper table shows.</summary>
public enum AuthView
{
    Attackers,
    Logins,
    FailedLogins,
}

/// <summary>
/// The Auth pane's upper table: attackers per IP (compromised ones marked "!"), or the login history like `last`,
/// or the failed logins like `lastb`. Cells are sanitized here (user names are attacker text) and compared with
/// what is on screen, so an unchanged table is not redrawn.
/// </summary>
public sealed class AuthTableSource : ITableSource
{
    public static readonly string[] AttackerColumns = ["IP", "FAILED", "OK", "/MIN", "LAST SEEN", "USERS TRIED"];
    public static readonly string[] LoginColumns = ["USER", "FROM", "TTY", "LOGIN", "LOGOUT", "TIME"];
    public static readonly string[] FailedColumns = ["USER", "FROM", "TTY", "WHEN"];

    private string[][] _cells = [];

    public AuthView View { get; private set; }
    public IReadOnlyList<AttackerRow> Attackers { get; private set; } = [];
    public IReadOnlyList<LoginSession> Sessions { get; private set; } = [];

    public string[] ColumnNames => View switch { AuthView.Attackers => AttackerColumns, AuthView.Logins => LoginColumns, _ => FailedColumns };
    public int Columns => ColumnNames.Length;
    public int Rows => _cells.Length;
    public object this[int row, int col] => _cells[row][col];

    public bool SetAttackers(IReadOnlyList<AttackerRow> rows, DateTimeOffset now)
    {
        var cells = new string[rows.Count][];
        for (int i = 0; i < rows.Count; i++) cells[i] = AttackerCells(rows[i], now);
        bool changed = Replace(AuthView.Attackers, cells);
        Attackers = rows;
        Sessions = [];
        return changed;
    }

    public bool SetSessions(AuthView view, IReadOnlyList<LoginSession> sessions, DateTimeOffset now)
    {
        var cells = new string[sessions.Count][];
        for (int i = 0; i < sessions.Count; i++) cells[i] = view == AuthView.Logins ? LoginCells(sessions[i], now) : FailedCells(sessions[i], now);
        bool changed = Replace(view, cells);
        Sessions = sessions;
        Attackers = [];
        return changed;
    }

    private bool Replace(AuthView view, string[][] cells)
    {
        bool changed = view != View || cells.Length != _cells.Length;
        for (int i = 0; !changed && i < cells.Length; i++) changed = !cells[i].AsSpan().SequenceEqual(_cells[i]);
        View = view;
        _cells = cells;
        return changed;
    }

    public static string[] AttackerCells(AttackerRow r, DateTimeOffset now)
    {
        string users = r.UserCount == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{r.UserCount}: {string.Join(", ", r.Users.Take(8).Select(u => SafeText.Sanitize(u, 24)))}{(r.UserCount > 8 ? ", …" : "")}");
        return
        [
            (r.Compromised ? "! " : "") + r.Address.ToDisplayString(),
            r.Failures.ToString(CultureInfo.InvariantCulture),
            r.Accepted > 0 ? r.Accepted.ToString(CultureInfo.InvariantCulture) : "",
            r.FailuresPerMinute > 0 ? r.FailuresPerMinute.ToString(r.FailuresPerMinute < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) : "",
            AuthTime.Short(r.LastSeen, now),
            users,
        ];
    }

    public static string[] LoginCells(LoginSession s, DateTimeOffset now) =>
    [
        SafeText.Sanitize(s.User, 32),
        SafeText.Sanitize(s.Address?.ToDisplayString() ?? s.Host, 46),
        SafeText.Sanitize(s.Line, 12),
        AuthTime.Short(s.Start, now),
        s.Ending switch
        {
            SessionEnd.StillLoggedIn => "still logged in",
            SessionEnd.GoneNoLogout => "gone - no logout",
            SessionEnd.Crash => "crash",
            SessionEnd.Down => "down",
            _ => AuthTime.Short(s.End, now),
        },
        s.Duration is { } d ? Duration(d) : "",
    ];

    public static string[] FailedCells(LoginSession s, DateTimeOffset now) =>
    [
        SafeText.Sanitize(s.User, 32),
        SafeText.Sanitize(s.Address?.ToDisplayString() ?? s.Host, 46),
        SafeText.Sanitize(s.Line, 12),
        AuthTime.Short(s.Start, now),
    ];

    /// <summary>`last`'s "(01:23)" and "(2+03:04)" without the brackets.</summary>
    public static string Duration(TimeSpan d) => d.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalDays}+{d.Hours:00}:{d.Minutes:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{d.Hours:00}:{d.Minutes:00}");
}
