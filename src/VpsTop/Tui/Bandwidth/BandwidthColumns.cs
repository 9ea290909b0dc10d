using System.Globalization;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>A process row as the Bandwidth table shows it: the snapshot's row and what its reasons amount to.</summary>
public sealed record ProcessLine(BandwidthRow Row, ProcessVerdict Verdict);

/// <summary>
/// The Bandwidth pane's columns: nethogs' plus rates, history and the suspicion note for processes; iftop -P's for flows.
/// Rates are over the window the pane has chosen (2 s, 10 s, 40 s). Cells are sanitized here.
/// </summary>
public static class BandwidthColumns
{
    public const int HistoryWidth = 10;

    public static IReadOnlyList<TableColumn<ProcessLine>> Processes(Func<Func<Rates, double>> window) =>
    [
        TableColumn<ProcessLine>.Fixed("PID", 6, l => l.Row.Process?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?") with
        {
            Compare = (a, b) => (a.Row.Process?.Pid ?? int.MaxValue).CompareTo(b.Row.Process?.Pid ?? int.MaxValue),
        },
        TableColumn<ProcessLine>.Fixed("USER", 8, l => l.Row.Process is { } p ? SafeText.Sanitize(p.User, 32) : "", hideBelow: 90) with
        {
            Compare = (a, b) => string.CompareOrdinal(a.Row.Process?.User, b.Row.Process?.User),
        },
        TableColumn<ProcessLine>.Flex("PROGRAM", 12, 30, 1, Program) with
        {
            Compare = (a, b) => string.CompareOrdinal(a.Row.Process?.Comm ?? "~", b.Row.Process?.Comm ?? "~"),
        },
        TableColumn<ProcessLine>.Fixed("DEV", 8, l => l.Row.Devices, hideBelow: 100) with
        {
            Compare = (a, b) => string.CompareOrdinal(a.Row.Devices, b.Row.Devices),
        },
        Number("SENT/s", l => window()(l.Row.SentRate), 0),
        Number("RECV/s", l => window()(l.Row.ReceivedRate), 0),
        Number("SENT", l => l.Row.SentBytes, 72),
        Number("RECEIVED", l => l.Row.ReceivedBytes, 72),
        TableColumn<ProcessLine>.Fixed("HISTORY", HistoryWidth, l => Sparkline.Render(l.Row.History, HistoryWidth), hideBelow: 100) with
        {
            DescendingFirst = true, InDetail = false, Compare = (a, b) => a.Row.History.Sum().CompareTo(b.Row.History.Sum()),
        },
        TableColumn<ProcessLine>.Flex("NOTE", 10, 400, 2, Note),
    ];

    private static TableColumn<ProcessLine> Number(string name, Func<ProcessLine, double> value, int hideBelow) =>
        TableColumn<ProcessLine>.Fixed(name, 9, l => ByteSize.Format(value(l)), hideBelow) with
        {
            RightAligned = true,
            DescendingFirst = true,
            Compare = (a, b) => value(a).CompareTo(value(b)),
        };

    private static string Program(ProcessLine l) =>
        l.Row.Process is { } p ? (l.Verdict.Suspicious ? "! " : "") + SafeText.Sanitize(p.Comm, 40) : "unknown";

    private static string Note(ProcessLine l)
    {
        string note = l.Row.Process is null ? ShortReason(l.Row.UnknownReason) : l.Verdict.Note;
        if (l.Row.Exited) note = note.Length == 0 ? "exited" : "exited; " + note;
        return SafeText.Sanitize(note, 400);
    }

    /// <summary>Busiest over the chosen window first, then the largest total.</summary>
    public static Comparison<ProcessLine> Busiest(Func<Func<Rates, double>> window) => (a, b) =>
    {
        var w = window();
        int c = (w(b.Row.SentRate) + w(b.Row.ReceivedRate)).CompareTo(w(a.Row.SentRate) + w(a.Row.ReceivedRate));
        return c != 0 ? c : b.Row.TotalBytes.CompareTo(a.Row.TotalBytes);
    };

    public static IReadOnlyList<TableColumn<FlowRow>> Flows(Func<Func<Rates, double>> window) =>
    [
        TableColumn<FlowRow>.Fixed("PROTO", 5, Proto),
        TableColumn<FlowRow>.Flex("LOCAL", 12, 47, 1, f => f.Key.LocalPort == 0 ? f.Key.Local.ToDisplayString()
            : f.Key.Local.WithPort(f.Key.LocalPort)),
        TableColumn<FlowRow>.Flex("REMOTE", 12, 47, 1, f => f.Key.RemotePort == 0 ? f.Key.Remote.ToDisplayString()
            : f.Key.Remote.WithPort(f.Key.RemotePort)),
        TableColumn<FlowRow>.Flex("PID/PROGRAM", 10, 200, 1, Owner),
        FlowNumber("SENT/s", f => window()(f.SentRate), 0),
        FlowNumber("RECV/s", f => window()(f.ReceivedRate), 0),
        FlowNumber("SENT", f => f.SentBytes, 100),
        FlowNumber("RECEIVED", f => f.ReceivedBytes, 100),
    ];

    private static TableColumn<FlowRow> FlowNumber(string name, Func<FlowRow, double> value, int hideBelow) =>
        TableColumn<FlowRow>.Fixed(name, 9, f => ByteSize.Format(value(f)), hideBelow) with
        {
            RightAligned = true,
            DescendingFirst = true,
            Compare = (a, b) => value(a).CompareTo(value(b)),
        };

    public static Comparison<FlowRow> BusiestFlow(Func<Func<Rates, double>> window) => (a, b) =>
    {
        var w = window();
        int c = (w(b.SentRate) + w(b.ReceivedRate)).CompareTo(w(a.SentRate) + w(a.ReceivedRate));
        return c != 0 ? c : (b.SentBytes + b.ReceivedBytes).CompareTo(a.SentBytes + a.ReceivedBytes);
    };

    private static string Proto(FlowRow f)
    {
        var k = f.Key;
        string proto = k.Protocol switch
        {
            FlowKey.Tcp => "tcp",
            FlowKey.Udp => "udp",
            FlowKey.Icmp => "icmp",
            FlowKey.IcmpV6 => "icmp6",
            _ => k.Protocol.ToString(CultureInfo.InvariantCulture),
        };
        return proto + (k.Local.Family == 6 && !k.Local.IsV4Mapped ? "6" : "");
    }

    private static string Owner(FlowRow f) => f.Process is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Pid}/{SafeText.Sanitize(p.Comm, 40)}")
        : "? " + ShortReason(f.UnknownReason);

    /// <summary>The unknown reasons are sentences; the row shows their first clause.</summary>
    public static string ShortReason(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        int cut = reason.IndexOf(':', StringComparison.Ordinal);
        return cut > 0 ? reason[..cut] : reason;
    }
}
