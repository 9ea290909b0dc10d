using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Auth;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>Enter on an IP in the Auth pane: its counts, the users it tried, the alarm's evidence if it got in, its
/// connections to this machine right now (from the Connections pane's snapshot) and its recent events.</summary>
public static class AuthSourceDialog
{
    public static void Show(TuiContext context, NetAddress ip, AuthSnapshot auth, ConnectionsSnapshot sockets)
    {
        using var dialog = Dialogs.Create(context.Theme, ip.ToDisplayString(), 78, 22, "_Close");
        Dialogs.AddLines(dialog, Lines(context.Theme, ip, auth, sockets));
        context.Modals.Run(dialog);
    }

    public static List<(string, Scheme?)> Lines(Theme theme, NetAddress ip, AuthSnapshot auth, ConnectionsSnapshot sockets)
    {
        var lines = new List<(string, Scheme?)>();
        var folded = ip.Folded;
        var row = auth.Attackers.FirstOrDefault(r => r.Address == folded);
        if (row is null)
            lines.Add((auth.SourceCount > auth.Attackers.Count ? "Not among the top attackers kept in memory."
                : "No failed or accepted login from this IP in the log.", theme.Dim));
        else
        {
            lines.Add((string.Create(CultureInfo.InvariantCulture,
                $"{row.Failures} failed logins, {row.Accepted} accepted, {row.Probes} probes; {row.FailuresPerMinute:0.#}/min over the "
                    + $"last {AttackerRow.RateWindow.TotalMinutes:0} min"), null));
            lines.Add(($"First seen {AuthTime.Full(row.FirstSeen)}, last seen {AuthTime.Full(row.LastSeen)}", null));
        }
        if (ip.Family == 6 && !ip.IsV4Mapped)
        {
            var net = AuthAddress.Network64(ip);
            if (auth.Networks64.FirstOrDefault(r => r.Address == net) is { } n)
                lines.Add((string.Create(CultureInfo.InvariantCulture,
                    $"Its /64 ({net.ToDisplayString()}/64): {n.Failures} failed, {n.UserCount} users, {n.Accepted} accepted"), null));
        }

        lines.Add(("", null));
        lines.Add(("Connections now:", theme.Info));
        int shown = 0;
        foreach (var c in sockets.Connections)
        {
            if (c.Socket.RemoteAddress.Folded != folded) continue;
            string owner = c.Owners.Count > 0 ? string.Create(CultureInfo.InvariantCulture,
                $"{c.Owners[0].Pid}/{SafeText.Sanitize(c.Owners[0].Comm, 20)}") : "?";
            lines.Add((string.Create(CultureInfo.InvariantCulture,
                $"  {c.Socket.Proto.ToString().ToLowerInvariant()} {c.Socket.LocalAddress.ToDisplayString()}:{c.Socket.LocalPort} ← "
                    + $":{c.Socket.RemotePort} {c.Socket.State} {owner}"), null));
            shown++;
        }
        if (shown == 0) lines.Add(("  none", theme.Dim));

        foreach (var alarm in auth.Alarms.Where(a => a.Accept.Ip is { } accepted && (accepted.Folded == folded || a.Source == folded)))
        {
            lines.Add(("", null));
            lines.Add((SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"!! ALARM: failed {alarm.FailureCount}× then logged in as {alarm.User} ({alarm.Method}) at "
                    + $"{AuthTime.Full(alarm.Accept.Time)}"), 300), theme.Danger));
            lines.AddRange(EvidenceLines(theme, alarm, 12));
        }

        if (row is not null)
        {
            lines.Add(("", null));
            lines.Add((string.Create(CultureInfo.InvariantCulture,
                $"Users tried ({row.UserCount}{(row.UserCount > row.Users.Count ? $", first {row.Users.Count} shown" : "")}):"),
                    theme.Info));
            lines.Add(("  " + string.Join(", ", row.Users.Select(u => SafeText.Sanitize(u, 40))), null));
        }
        lines.Add(("", null));
        lines.Add((string.Create(CultureInfo.InvariantCulture, $"Recent events (of the last {auth.Recent.Count} read):"), theme.Info));
        var events = auth.Recent.Where(e => e.Ip is { } a && a.Folded == folded).ToList();
        foreach (var e in events.TakeLast(200)) lines.Add(("  " + EventLine(e), null));
        if (events.Count == 0) lines.Add(("  none", theme.Dim));
        return lines;
    }

    /// <summary>An alarm's evidence: how many earlier failures are not shown, the latest <paramref name="max"/>
    /// failures, then the accepted login.</summary>
    public static IEnumerable<(string, Scheme?)> EvidenceLines(Theme theme, CompromiseAlarm alarm, int max)
    {
        var shown = alarm.Failures.TakeLast(max).ToList();
        int shownCount = shown.Where(f => f.Kind != AuthEventKind.InvalidUser).Sum(f => f.Count);
        if (alarm.FailureCount > shownCount)
            yield return (string.Create(CultureInfo.InvariantCulture, $"  … {alarm.FailureCount - shownCount} earlier failures"),
                theme.Dim);
        foreach (var f in shown) yield return ("  " + EventLine(f), theme.Warn);
        yield return ("  " + EventLine(alarm.Accept), theme.Danger);
    }

    /// <summary>One event as a line: its time, then sshd's message itself, which says what happened (sanitized;
    /// attacker text inert); the dialog wraps it to its width.</summary>
    public static string EventLine(AuthEvent e) =>
        SafeText.Sanitize($"{AuthTime.Short(e.Time, DateTimeOffset.Now)} {AuthColumns.Message(e.Line)}", 300);
}
