using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>The Hardening pane's dialogs: where values go, the apply confirmation, the backups.</summary>
public static class HardeningDialogs
{
    public static void Plan(TuiContext context, HardeningService service, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings)
    {
        using var dialog = Dialogs.Create(context.Theme, "Where the values go", 78, 20, "_Close");
        Dialogs.AddLines(dialog, PlanLines(context.Theme, service, settings));
        context.Modals.Run(dialog);
    }

    /// <summary>Asks before applying (Cancel is the default button).</summary>
    public static bool ConfirmApply(TuiContext context, HardeningService service, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings)
    {
        var lines = PlanLines(context.Theme, service, settings);
        lines.Add(("", null));
        lines.Add(("The files are backed up first. sshd checks the new config before anything is written;", null));
        lines.Add(("after the reload the change rolls back by itself in 120 s unless you log in from a NEW", context.Theme.Warn));
        lines.Add(("ssh session and run: vpstop harden --confirm. Keep this session open meanwhile.", context.Theme.Warn));
        using var dialog = Dialogs.Create(context.Theme, "Apply these changes?", 78, 20, "_Apply", "_Cancel");
        Dialogs.AddLines(dialog, lines);
        return context.Modals.Run(dialog) == 0;
    }

    private static List<(string, Scheme?)> PlanLines(Theme theme, HardeningService service, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings)
    {
        var lines = new List<(string, Scheme?)>();
        try
        {
            var plan = service.Plan(settings);
            if (service.Step(settings).Note is { } note) lines.Add((SafeText.Sanitize("Port: " + note, 300), theme.Warn));
            foreach (var d in plan.Decisions)
                lines.Add((SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture, $"{d.Keyword} {string.Join(' ', d.Args)}  →  {d.File}:{d.LineNumber} ({Describe(d.Kind)})"), 300), null));
            foreach (var d in plan.Decisions.Where(d => d.MatchOverrides.Count > 0))
                lines.Add((SafeText.Sanitize($"! {d.Keyword}: a Match block still sets it for some connections ({d.MatchOverrides[0].File}:{d.MatchOverrides[0].LineNumber})", 300), theme.Warn));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            lines.Add(("Cannot plan: " + SafeText.Sanitize(e.Message, 300), theme.Danger));
        }
        if (settings.Count == 0) lines.Add(("Nothing chosen that would change anything.", theme.Dim));
        return lines;
    }

    private static string Describe(Core.Hardening.PlacementKind kind) => kind switch
    {
        Core.Hardening.PlacementKind.DropIn => "early drop-in, read before the rest",
        Core.Hardening.PlacementKind.EditedFirstGlobal => "the line sshd uses, edited",
        Core.Hardening.PlacementKind.InsertedBeforeMatch => "new line before the first Match",
        _ => "new line at the end, no Match block",
    };

    public static void Backups(TuiContext context, HardeningView? view)
    {
        var lines = new List<(string, Scheme?)>();
        foreach (var b in (view?.Backups ?? []).Reverse())
        {
            lines.Add((SafeText.Sanitize($"{b.Id}  {b.Created.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {b.ConfigPath}", 200), null));
            foreach (var f in b.Files) lines.Add(("    " + SafeText.Sanitize(f.Path + (f.Existed ? "" : "  (did not exist: deleted on rollback)"), 200), context.Theme.Dim));
        }
        if (lines.Count == 0) lines.Add(("No backups yet: one is taken before every apply.", null));
        lines.Add(("", null));
        lines.Add(("Restore one with: vpstop harden --rollback ID", context.Theme.Info));
        using var dialog = Dialogs.Create(context.Theme, "Backups", 78, 20, "_Close");
        Dialogs.AddLines(dialog, lines);
        context.Modals.Run(dialog);
    }
}
