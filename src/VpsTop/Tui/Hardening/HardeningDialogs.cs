using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>The Hardening pane's dialogs: where values go, the apply confirmation, the backups.</summary>
public static class HardeningDialogs
{
    public enum ApplyChoice { Cancel, Apply, Override }

    /// <summary>Asks before applying, showing the plan and what the lockout guards say. Cancel is the default button;
    /// a blocked plan can only be applied through "Override", which names the guards it overrides.</summary>
    public static ApplyChoice ConfirmApply(TuiContext context, HardeningProposal proposal)
    {
        var plan = proposal.Plan;
        var lines = PlanLines(context.Theme, proposal);
        lines.Add(("", null));
        lines.Add(("The files are backed up first. sshd checks the new config before anything is written;", null));
        lines.Add(("after the reload the change rolls back by itself in 120 s unless you log in from a NEW", context.Theme.Warn));
        lines.Add(("ssh session and run: vpstop harden --confirm. Keep this session open meanwhile.", context.Theme.Warn));
        var blocking = plan.Findings.Where(f => f.Severity == GuardSeverity.Block).Select(f => f.Id).ToList();
        string[] buttons = blocking.Count > 0 ? [$"_Override {string.Join(", ", blocking)}", "_Cancel"] : ["_Apply", "_Cancel"];
        using var dialog = Dialogs.Create(context.Theme, blocking.Count > 0 ? "Blocked: this could lock you out" : "Apply these changes?",
            78, 20, buttons);
        Dialogs.AddLines(dialog, lines);
        return context.Modals.Run(dialog) != 0 ? ApplyChoice.Cancel : blocking.Count > 0 ? ApplyChoice.Override : ApplyChoice.Apply;
    }

    public static void Plan(TuiContext context, HardeningProposal proposal)
    {
        var lines = PlanLines(context.Theme, proposal);
        lines.Add(("", null));
        foreach (string line in proposal.DiffLines())
        {
            var scheme = line.StartsWith('+') ? context.Theme.Good : line.StartsWith('-') ? context.Theme.Danger : null;
            lines.Add((SafeText.Sanitize(line, 300), scheme));
        }
        using var dialog = Dialogs.Create(context.Theme, "Where the values go, and the diff", 78, 20, "_Close");
        Dialogs.AddLines(dialog, lines);
        context.Modals.Run(dialog);
    }

    private static List<(string, Scheme?)> PlanLines(Theme theme, HardeningProposal proposal)
    {
        var plan = proposal.Plan;
        var lines = new List<(string, Scheme?)>();
        if (proposal.PortNote is { } port) lines.Add((SafeText.Sanitize("Port: " + port, 300), theme.Warn));
        foreach (var f in plan.Findings)
        {
            lines.Add((SafeText.Sanitize($"{(f.Severity == GuardSeverity.Block ? "BLOCK" : "warn")} {f.Id}: {f.Text}", 300),
                f.Severity == GuardSeverity.Block ? theme.Danger : theme.Warn));
            foreach (string e in f.Evidence) lines.Add(("    " + SafeText.Sanitize(e, 300), theme.Dim));
        }
        foreach (var d in plan.Placement.Decisions)
            lines.Add((SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"{d.Keyword} {string.Join(' ', d.Args)}  →  {d.File}:{d.LineNumber} ({Describe(d.Kind)})"), 300), null));
        foreach (var d in plan.Placement.Decisions.Where(d => d.MatchOverrides.Count > 0))
            lines.Add((SafeText.Sanitize($"! {d.Keyword}: a Match block still sets it for some connections "
                + $"({d.MatchOverrides[0].File}:{d.MatchOverrides[0].LineNumber})", 300), theme.Warn));
        foreach (var miss in plan.Verification?.Misses ?? [])
            lines.Add((SafeText.Sanitize($"! {miss.Keyword} would not take effect: sshd would use {miss.Actual ?? "(nothing)"}", 300),
                theme.Danger));
        if (plan.Placement.Decisions.Count == 0) lines.Add(("Nothing chosen that would change anything.", theme.Dim));
        return lines;
    }

    private static string Describe(Core.Hardening.PlacementKind kind) => kind switch
    {
        Core.Hardening.PlacementKind.DropIn => "early drop-in, read before the rest",
        Core.Hardening.PlacementKind.EditedFirstGlobal => "the line sshd uses, edited",
        Core.Hardening.PlacementKind.InsertedBeforeMatch => "new line before the first Match",
        _ => "new line at the end, no Match block",
    };

    /// <summary>b: the backups, newest first; "Restore…" asks which one (the newest is offered). Returns the backup id
    /// to restore, or null.</summary>
    public static string? Backups(TuiContext context, HardeningView? view)
    {
        var backups = (view?.Backups ?? []).Reverse().ToList();
        var lines = new List<(string, Scheme?)>();
        foreach (var b in backups)
        {
            lines.Add((SafeText.Sanitize($"{b.Id}  {b.Created.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {b.ConfigPath}", 200), null));
            foreach (var f in b.Files) lines.Add(("    " + SafeText.Sanitize(f.Path + (f.Existed ? ""
                : "  (did not exist: deleted on rollback)"), 200), context.Theme.Dim));
        }
        if (lines.Count == 0) lines.Add(("No backups yet: one is taken before every apply.", null));
        string[] buttons = backups.Count > 0 ? ["_Restore…", "_Close"] : ["_Close"];
        using var dialog = Dialogs.Create(context.Theme, "Backups", 78, 20, buttons);
        Dialogs.AddLines(dialog, lines);
        if (backups.Count == 0 || context.Modals.Run(dialog) != 0) return null;
        string? id = Dialogs.Prompt(context.Modals, context.Theme, "Restore", "Backup to put back (files, then sshd -t and a reload):",
            backups[0].Id)?.Trim();
        return string.IsNullOrEmpty(id) ? null : id;
    }
}
