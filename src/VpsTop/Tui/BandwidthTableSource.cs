using System.Globalization;
using Terminal.Gui.Views;
using VpsTop.Cli;
using VpsTop.Core.Traffic;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// The rows the Bandwidth table shows — processes (nethogs' columns plus rates, history and the suspicion note) or
/// flows (iftop -P) — formatted once per refresh, sanitized here, and compared with what is on screen so an
/// unchanged table is not redrawn.
/// </summary>
public sealed class BandwidthTableSource : ITableSource
{
    public static readonly string[] ProcessColumns = ["PID", "USER", "PROGRAM", "DEV", "SENT/s", "RECV/s", "SENT", "RECEIVED", "HISTORY", "NOTE"];
    public static readonly string[] FlowColumns = ["PROTO", "LOCAL", "REMOTE", "PID/PROGRAM", "SENT/s", "RECV/s", "SENT", "RECEIVED"];
    public const int HistoryWidth = 10;

    private string[][] _cells = [];

    public IReadOnlyList<BandwidthRow> Processes { get; private set; } = [];
    public IReadOnlyList<FlowRow> Flows { get; private set; } = [];
    public IReadOnlyList<ProcessVerdict> Verdicts { get; private set; } = [];
    public bool ShowsFlows { get; private set; }

    public string[] ColumnNames => ShowsFlows ? FlowColumns : ProcessColumns;
    public int Columns => ColumnNames.Length;
    public int Rows => _cells.Length;
    public object this[int row, int col] => _cells[row][col];

    /// <summary>Sets process rows; returns false when every cell is what the screen already shows.</summary>
    public bool SetProcesses(IReadOnlyList<BandwidthRow> rows, IReadOnlyList<ProcessVerdict> verdicts, Func<Rates, double> window)
    {
        var cells = new string[rows.Count][];
        for (int i = 0; i < rows.Count; i++) cells[i] = ProcessCells(rows[i], verdicts[i], window);
        bool changed = ShowsFlows || !Same(cells);
        Processes = rows;
        Verdicts = verdicts;
        ShowsFlows = false;
        _cells = cells;
        return changed;
    }

    public bool SetFlows(IReadOnlyList<FlowRow> rows, Func<Rates, double> window)
    {
        var cells = new string[rows.Count][];
        for (int i = 0; i < rows.Count; i++) cells[i] = FlowCells(rows[i], window);
        bool changed = !ShowsFlows || !Same(cells);
        Flows = rows;
        ShowsFlows = true;
        _cells = cells;
        return changed;
    }

    private bool Same(string[][] cells)
    {
        if (cells.Length != _cells.Length) return false;
        for (int i = 0; i < cells.Length; i++)
            if (!cells[i].AsSpan().SequenceEqual(_cells[i])) return false;
        return true;
    }

    public static string[] ProcessCells(BandwidthRow r, ProcessVerdict verdict, Func<Rates, double> window)
    {
        var p = r.Process;
        string program = p is null ? "unknown" : (verdict.Suspicious ? "! " : "") + SafeText.Sanitize(p.Comm, 40);
        string note = p is null ? ShortReason(r.UnknownReason) : verdict.Note;
        if (r.Exited) note = note.Length == 0 ? "exited" : "exited; " + note;
        return
        [
            p?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?",
            p is null ? "" : SafeText.Sanitize(p.User, 32),
            program,
            r.Devices,
            ByteSize.Format(window(r.SentRate)),
            ByteSize.Format(window(r.ReceivedRate)),
            ByteSize.Format(r.SentBytes),
            ByteSize.Format(r.ReceivedBytes),
            Sparkline.Render(r.History, HistoryWidth),
            SafeText.Sanitize(note, 200),
        ];
    }

    public static string[] FlowCells(FlowRow f, Func<Rates, double> window)
    {
        var k = f.Key;
        string proto = k.Protocol switch { FlowKey.Tcp => "tcp", FlowKey.Udp => "udp", FlowKey.Icmp => "icmp", FlowKey.IcmpV6 => "icmp6", _ => k.Protocol.ToString(CultureInfo.InvariantCulture) };
        string owner = f.Process is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Pid}/{SafeText.Sanitize(p.Comm, 40)}") : "? " + ShortReason(f.UnknownReason);
        return
        [
            proto + (k.Local.Family == 6 && !k.Local.IsV4Mapped ? "6" : ""),
            k.LocalPort == 0 ? k.Local.ToDisplayString() : k.Local.WithPort(k.LocalPort),
            k.RemotePort == 0 ? k.Remote.ToDisplayString() : k.Remote.WithPort(k.RemotePort),
            owner,
            ByteSize.Format(window(f.SentRate)),
            ByteSize.Format(window(f.ReceivedRate)),
            ByteSize.Format(f.SentBytes),
            ByteSize.Format(f.ReceivedBytes),
        ];
    }

    /// <summary>The unknown reasons are sentences; the row shows their first clause.</summary>
    public static string ShortReason(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        int cut = reason.IndexOf(':', StringComparison.Ordinal);
        return cut > 0 ? reason[..cut] : reason;
    }
}
