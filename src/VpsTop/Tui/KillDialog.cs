using System.Globalization;
using VpsTop.Core.Actions;
using VpsTop.Core.Processes;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>F9: shows exactly which process (PID and start time, as on screen) would be signalled and why it
/// may be a bad idea; Cancel is the default. Returns the result to report, or null when nothing was sent.</summary>
public static class KillDialog
{
    public static KillResult? Show(IModalRunner runner, Theme theme, IProcessKiller killer, ProcessIdentity target)
    {
        var term = killer.Plan(target, KillSignal.Term);
        var lines = new List<(string, Terminal.Gui.Drawing.Scheme?)>
        {
            ($"PID      {target.Pid}", null),
            ($"Program  {SafeText.Sanitize(target.Comm)}", null),
            ($"Exe      {SafeText.Sanitize(target.Exe ?? "(" + (target.ExeError ?? "unknown") + ")")}{(target.ExeDeleted ? " (deleted)" : "")}", target.ExeDeleted ? theme.Danger : null),
            ($"User     {SafeText.Sanitize(target.User)}", null),
            ($"Started  {target.StartTime.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}", null),
            ("", null),
        };
        if (!term.Allowed)
        {
            lines.Add(("Refused: " + SafeText.Sanitize(term.Refusal), theme.Danger));
            using var refused = Dialogs.Create(theme, "Kill", 70, lines.Count + 6, "_Close");
            Dialogs.AddLines(refused, lines);
            runner.Run(refused);
            return null;
        }
        foreach (string w in term.Warnings) lines.Add(("Warning: " + SafeText.Sanitize(w), theme.Warn));
        lines.Add(("SIGTERM asks it to exit; SIGKILL cannot be caught.", null));

        using var dialog = Dialogs.Create(theme, "Kill process?", 70, lines.Count + 6, "SIG_TERM", "SIG_KILL", "_Cancel");
        Dialogs.AddLines(dialog, lines);
        int? choice = runner.Run(dialog);
        var plan = choice switch
        {
            0 => term,
            1 => killer.Plan(target, KillSignal.Kill),
            _ => null,
        };
        if (plan is null) return null;
        // Re-planned for SIGKILL: the rules are the same, but a refusal may have appeared since (the process exited).
        return plan.Allowed ? killer.Apply(plan) : new KillResult(KillOutcome.Refused, plan.Refusal!);
    }

    public static void Report(IModalRunner runner, Theme theme, KillResult result)
    {
        using var dialog = Dialogs.Create(theme, result.Success ? "Signal sent" : "Not killed", 70, 8, "_OK");
        Dialogs.AddLines(dialog, [(SafeText.Sanitize(result.Message), result.Success ? theme.Good : theme.Danger)]);
        runner.Run(dialog);
    }
}
