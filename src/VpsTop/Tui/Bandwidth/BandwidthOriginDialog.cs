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
    public static void Show(TuiContext context, TuiServices services, BandwidthRow row, ProcessVerdict verdict, BandwidthSnapshot traffic,
        ConnectionsSnapshot sockets)
    {
        var process = row.Process!;
        bool withExtras = false;
        while (true)
        {
            var head = new List<(string, Scheme?)>();
            if (verdict.Suspicious)
            {
                var scheme = verdict.Serious ? context.Theme.Danger : context.Theme.Warn;
                head.Add(("Suspicious:", scheme));
                foreach (string reason in verdict.Reasons) head.Add(("  ! " + SafeText.Sanitize(reason, 200), scheme));
                head.Add(("", null));
            }
            var rest = new List<(string, Scheme?)>();
            if (row.Exited)
                rest.Add(("This process has exited; its row stays for a minute so its traffic keeps a name.", context.Theme.Warn));
            var details = row.Exited ? null : context.Inspector.TryReadDetails(process.Pid);
            rest.AddRange(ProcessDetailsDialog.Lines(context.Theme, details, process, sockets));
            rest.Add(("", null));
            rest.Add(("Flows:", context.Theme.Info));
            rest.AddRange(FlowLines(traffic, f => f.Process is { } p && p.Pid == process.Pid
                && p.StartTimeTicks == process.StartTimeTicks));
            List<(string, Scheme?)> Lines(IEnumerable<(string, Scheme?)>? extras) =>
                extras is null ? [.. head, .. rest] : [.. head, ("Package and hash:", context.Theme.Info), .. extras, ("", null), .. rest];

            string[] buttons = withExtras ? ["_Close"] : ["_Hash and package", "_Close"];
            using var dialog = Dialogs.Create(context.Theme, $"Origin of {process.Pid} {SafeText.Sanitize(process.Comm, 20)}", 78, 22,
                buttons);
            var text = Dialogs.AddLines(dialog, Lines(withExtras ? [(Hashing, context.Theme.Dim)] : null));
            // Hashing reads the whole exe and the package lists: seconds for a large program on a busy disk.
            if (withExtras)
                DialogWork.WhenOpen(dialog, () => services.OriginExtras(process), done => text.Lines = Lines(Extras(context.Theme, done)));
            int? choice = context.Modals.Run(dialog);
            if (withExtras || choice != 0) return;
            withExtras = true;
        }
    }

    private const string Hashing = "  hashing… (sha256 of the exe, and which package lists it)";

    private static IEnumerable<(string, Scheme?)> Extras(Theme theme, Task<IReadOnlyList<string>> done) => done.IsCompletedSuccessfully
        ? done.Result.Select(extra => ("  " + SafeText.Sanitize(extra, 200), (Scheme?)null))
        : [("  hashing failed: " + SafeText.Sanitize(done.Exception?.InnerException?.Message ?? "", 200), theme.Danger)];

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
            lines.Add((string.Create(CultureInfo.InvariantCulture,
                $"  {FlowColumns[0].Text(f),-5} {FlowColumns[1].Text(f),-24} {FlowColumns[2].Text(f),-26} ↑{ByteSize.Format(f.SentBytes)} "
                    + $"↓{ByteSize.Format(f.ReceivedBytes)}"), null));
            if (lines.Count >= 30) break;
        }
        if (lines.Count == 0) lines.Add(("  (none in the last minute)", null));
        return lines;
    }
}
