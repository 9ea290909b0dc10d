using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>'a' in the Auth pane: every "failed, then accepted" alarm with its evidence — the failures, then the
/// accepted login with its method and user — newest first.</summary>
public static class AuthAlarmsDialog
{
    public static void Show(TuiContext context, AuthSnapshot auth)
    {
        var lines = new List<(string, Scheme?)>();
        if (auth.Alarms.Count == 0)
            lines.Add(("No IP that failed before has logged in" + (auth.Since is { } t ? $" since {AuthTime.Full(t)}." : "."), null));
        for (int i = auth.Alarms.Count - 1; i >= 0; i--)
        {
            var a = auth.Alarms[i];
            lines.Add((SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"{a.Source.ToDisplayString()}{(a.ByNetwork64 ? "/64" : "")}: {a.FailureCount} failures, then {a.User} logged in "
                    + $"({a.Method}) at {AuthTime.Full(a.Accept.Time)}"), 300), context.Theme.Danger));
            lines.AddRange(AuthSourceDialog.EvidenceLines(context.Theme, a, 8));
            lines.Add(("", null));
        }
        using var dialog = Dialogs.Create(context.Theme, "Failed, then accepted", 78, 22, "_Close");
        Dialogs.AddLines(dialog, lines);
        context.Modals.Run(dialog);
    }
}
