using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Connections;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;

namespace VpsTop.Tui;

/// <summary>Enter on a Bandwidth row: where this process came from (exe, package, hash on demand, parents, cwd, unit),
/// why it looks suspicious, and the flows it has been using.</summary>
public static class BandwidthOriginDialog
{
    public static void Show(TuiContext context, TuiServices services, BandwidthRow row, ProcessVerdict verdict, BandwidthSnapshot traffic, ConnectionsSnapshot sockets)
    {
        var process = row.Process!;
        bool withExtras = false;
        while (true)
        {
            var lines = new List<(string, Scheme?)>();
            if (verdict.Suspicious)
            {
                lines.Add(("Suspicious:", verdict.Serious ? context.Theme.Danger : context.Theme.Warn));
                foreach (string reason in verdict.Reasons) lines.Add(("  ! " + SafeText.Sanitize(reason, 200), verdict.Serious ? context.Theme.Danger : context.Theme.Warn));
                lines.Add(("", null));
            }
            if (withExtras)
            {
                lines.Add(("Package and hash:", context.Theme.Info));
                foreach (string extra in services.OriginExtras(process)) lines.Add(("  " + SafeText.Sanitize(extra, 200), null));
                lines.Add(("", null));
            }
            if (row.Exited) lines.Add(("This process has exited; its row stays for a minute so its traffic keeps a name.", context.Theme.Warn));
            lines.AddRange(ProcessDetailsDialog.Lines(context.Theme, row.Exited ? null : context.Inspector.TryReadDetails(process.Pid), process, sockets));
            lines.Add(("", null));
            lines.Add(("Flows:", context.Theme.Info));
            lines.AddRange(FlowLines(traffic, f => f.Process is { } p && p.Pid == process.Pid && p.StartTimeTicks == process.StartTimeTicks));

            string[] buttons = withExtras ? ["_Close"] : ["_Hash and package", "_Close"];
            using var dialog = Dialogs.Create(context.Theme, $"Origin of {process.Pid} {SafeText.Sanitize(process.Comm, 20)}", 78, 22, buttons);
            Dialogs.AddLines(dialog, lines);
            int? choice = context.Modals.Run(dialog);
            if (withExtras || choice != 0) return;
            withExtras = true;
        }
    }

    public static void ShowUnknown(TuiContext context, string reason, BandwidthSnapshot traffic)
    {
        var lines = new List<(string, Scheme?)>
        {
            ("No process owns this traffic:", context.Theme.Info),
            ("  " + SafeText.Sanitize(reason, 300), null),
            ("", null),
            ("Flows:", context.Theme.Info),
        };
        lines.AddRange(FlowLines(traffic, f => f.Process is null && f.UnknownReason == reason));
        using var dialog = Dialogs.Create(context.Theme, "Unattributed traffic", 78, 22, "_Close");
        Dialogs.AddLines(dialog, lines);
        context.Modals.Run(dialog);
    }

    private static readonly IReadOnlyList<Table.TableColumn<FlowRow>> FlowColumns = BandwidthColumns.Flows(() => r => r.Over10s);

    private static List<(string, Scheme?)> FlowLines(BandwidthSnapshot traffic, Func<FlowRow, bool> belongs)
    {
        var lines = new List<(string, Scheme?)>();
        foreach (var f in traffic.Flows)
        {
            if (!belongs(f)) continue;
            lines.Add((string.Create(CultureInfo.InvariantCulture, $"  {FlowColumns[0].Text(f),-5} {FlowColumns[1].Text(f),-24} {FlowColumns[2].Text(f),-26} ↑{ByteSize.Format(f.SentBytes)} ↓{ByteSize.Format(f.ReceivedBytes)}"), null));
            if (lines.Count >= 30) break;
        }
        if (lines.Count == 0) lines.Add(("  (none in the last minute)", null));
        return lines;
    }
}
