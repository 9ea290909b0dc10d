using System.Globalization;
using Terminal.Gui.Views;
using VpsTop.Core.Auth;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>The live feed under the attackers table: sshd's events, newest first, one line each; lines no rule
/// knows show their text. Sanitized here: user names and banners are attacker text.</summary>
public sealed class AuthEventsTableSource : ITableSource
{
    public static readonly string[] ColumnNames = ["TIME", "KIND", "USER", "IP", "PORT", "DETAIL"];
    private string[][] _cells = [];

    public IReadOnlyList<AuthEvent> Events { get; private set; } = [];
    public int Columns => ColumnNames.Length;
    public int Rows => _cells.Length;
    string[] ITableSource.ColumnNames => ColumnNames;
    public object this[int row, int col] => _cells[row][col];

    /// <param name="newestFirst">The events to show, already newest first and filtered.</param>
    public bool Set(IReadOnlyList<AuthEvent> newestFirst, DateTimeOffset now)
    {
        var cells = new string[newestFirst.Count][];
        for (int i = 0; i < cells.Length; i++) cells[i] = Cells(newestFirst[i], now);
        bool changed = cells.Length != _cells.Length;
        for (int i = 0; !changed && i < cells.Length; i++) changed = !cells[i].AsSpan().SequenceEqual(_cells[i]);
        Events = newestFirst;
        _cells = cells;
        return changed;
    }

    /// <summary>The message of a log line without its syslog header ("Nov 28 03:12:01 vps sshd[812]: "), which the
    /// TIME column already shows.</summary>
    public static string Message(string line)
    {
        int end = line.IndexOf("]: ", StringComparison.Ordinal);
        return end is > 0 and < 120 ? line[(end + 3)..] : line;
    }

    public static string[] Cells(AuthEvent e, DateTimeOffset now)
    {
        string detail = e.Kind == AuthEventKind.Other ? Message(e.Line) : e.Method ?? "";
        if (e.Count > 1) detail = string.Create(CultureInfo.InvariantCulture, $"×{e.Count} {detail}");
        return
        [
            AuthTime.Short(e.Time, now),
            e.KindName,
            SafeText.Sanitize(e.User ?? "", 32),
            e.Ip?.ToDisplayString() ?? "",
            e.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
            SafeText.Sanitize(detail, 300),
        ];
    }
}
