using System.Globalization;
using Terminal.Gui.Drawing;
using Terminal.Gui.Views;
using VpsTop.Core.Actions;
using VpsTop.Core.Processes;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>F9: shows exactly which process (PID and start time, as on screen) would be signalled and why it
/// may be a bad idea; Cancel is the default. Returns the result to report, or null when nothing was sent.</summary>
public static class KillDialog
{
    /// <summary>How long the report watches a signalled process before saying it is still running.</summary>
    public static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(100);

    public static KillResult? Show(TuiContext context, ProcessIdentity target)
    {
        var (theme, killer) = (context.Theme, context.Killer);
        // The same process (PID and start time) as on screen, as it is now: a pane's row may predate the deletion
        // of its executable.
        if (context.Inspector.TryRead(target.Pid) is { } now && now.StartTimeTicks == target.StartTimeTicks) target = now;
        var term = killer.Plan(target, KillSignal.Term);
        var lines = new List<(string, Scheme?)>
        {
            ($"PID      {target.Pid}", null),
            ($"Program  {SafeText.Sanitize(target.Comm)}", null),
            ($"Exe      {SafeText.Sanitize(target.Exe ?? "(" + (target.ExeError ?? "unknown") + ")")}"
                + (target.ExeDeleted ? " (deleted)" : ""), target.ExeDeleted ? theme.Danger : null),
            ($"User     {SafeText.Sanitize(target.User)}", null),
            ($"Started  {target.StartTime.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}", null),
            ("", null),
        };
        if (!term.Allowed)
        {
            lines.Add(("Refused: " + SafeText.Sanitize(term.Refusal), theme.Danger));
            using var refused = Dialogs.Message(theme, "Kill", 70, lines, "_Close");
            context.Modals.Run(refused);
            return null;
        }
        foreach (string w in term.Warnings) lines.Add(("Warning: " + SafeText.Sanitize(w), theme.Warn));
        lines.Add(("SIGTERM asks it to exit; SIGKILL cannot be caught. Left/Right choose, Enter confirms.", null));

        using var dialog = Dialogs.Message(theme, "Kill process?", 70, lines, "SIG_TERM", "SIG_KILL", "_Cancel");
        int? choice = context.Modals.Run(dialog);
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

    /// <summary>What happened: after a signal, whether <paramref name="target"/> exited, watched for
    /// <see cref="ExitWait"/> on the UI timer (the check never blocks), else that it is still running.</summary>
    public static void Report(TuiContext context, KillResult result, ProcessIdentity target)
    {
        var theme = context.Theme;
        var sent = (SafeText.Sanitize(result.Message), result.Success ? theme.Good : theme.Danger);
        if (!result.Success)
        {
            using var failed = Dialogs.Message(theme, "Not killed", 70, [sent], "_OK");
            context.Modals.Run(failed);
            return;
        }
        string who = $"PID {target.Pid} ({SafeText.Sanitize(target.Comm, 40)})";
        using var dialog = Dialogs.Message(theme, "Signal sent", 70, [sent, ("Waiting for it to exit…", theme.Dim)], "_OK");
        var view = dialog.SubViews.OfType<TextLinesView>().Single();
        int polls = 0;
        object? timer = null;
        bool Check()
        {
            (string, Scheme?)? outcome = context.Killer.HasExited(target) ? ($"{who} has exited.", theme.Good)
                : ++polls * ExitPoll >= ExitWait ? ($"{who} is still running after {ExitWait.TotalSeconds:0} s. A process can " +
                                                    "catch or ignore SIGTERM, not SIGKILL: F9 again to send SIGKILL.", theme.Warn)
                : null;
            if (outcome is not { } said) return true;
            view.Lines = [sent, said];
            dialog.SetNeedsLayout();
            return false;
        }
        dialog.IsRunningChanged += (_, running) =>
        {
            if (running.Value && Check())
            {
                timer = dialog.App?.AddTimeout(ExitPoll, () =>
                {
                    if (Check()) return true;
                    timer = null;
                    return false;
                });
            }
            else if (!running.Value && timer is not null)
            {
                dialog.App?.RemoveTimeout(timer);
            }
        };
        context.Modals.Run(dialog);
    }
}
