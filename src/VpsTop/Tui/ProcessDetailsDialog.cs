using System.Globalization;
using Terminal.Gui.Drawing;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>Enter on a row: who this process is, where it came from, and what else it has open on the network.</summary>
public static class ProcessDetailsDialog
{
    public static void Show(IModalRunner runner, Theme theme, IProcessInspector inspector, ProcessIdentity onScreen,
        ConnectionsSnapshot snapshot)
    {
        using var dialog = Dialogs.Create(theme, $"Process {onScreen.Pid}", 78, 22, "_Close");
        Dialogs.AddLines(dialog, Lines(theme, inspector.TryReadDetails(onScreen.Pid), onScreen, snapshot));
        runner.Run(dialog);
    }

    public static List<(string, Scheme?)> Lines(Theme theme, ProcessDetails? details, ProcessIdentity onScreen,
        ConnectionsSnapshot snapshot)
    {
        var lines = new List<(string, Scheme?)>();
        if (details is null || details.Identity.StartTimeTicks != onScreen.StartTimeTicks)
        {
            lines.Add(($"PID {onScreen.Pid} ({SafeText.Sanitize(onScreen.Comm)}) has exited" +
                       (details is null ? "." : "; the PID now belongs to another process."), theme.Warn));
            return lines;
        }
        var p = details.Identity;
        lines.Add(($"PID       {p.Pid}   parent {p.ParentPid}", null));
        lines.Add(($"Program   {SafeText.Sanitize(p.Comm)}", null));
        string exe = p.Exe is null ? $"({SafeText.Sanitize(p.ExeError ?? "unreadable")})" : SafeText.Sanitize(p.Exe);
        lines.Add(($"Exe       {exe}{(p.ExeDeleted ? "  [DELETED from disk]" : "")}", p.ExeDeleted ? theme.Danger : null));
        lines.Add(($"Cmdline   {SafeText.Sanitize(string.Join(' ', p.Cmdline))}", null));
        lines.Add(($"User      {SafeText.Sanitize(p.User)} (uid {p.Uid})", null));
        lines.Add(($"Cwd       {SafeText.Sanitize(details.Cwd ?? "(" + (details.CwdError ?? "unreadable") + ")")}", null));
        lines.Add(($"Started   {p.StartTime.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}", null));
        lines.Add(($"Unit      {SafeText.Sanitize(details.SystemdUnit ?? "-")}", null));
        if (details.CgroupPath is { } cgroup) lines.Add(($"Cgroup    {SafeText.Sanitize(cgroup)}", null));
        lines.Add(("", null));
        lines.Add(("Parent chain:", theme.Info));
        if (details.Ancestors.Count == 0) lines.Add(("  (none)", null));
        for (int i = 0; i < details.Ancestors.Count; i++)
        {
            var a = details.Ancestors[i];
            string aexe = a.Exe is null ? "" : "  " + SafeText.Sanitize(a.Exe) + (a.ExeDeleted ? " (deleted)" : "");
            lines.Add(($"  {new string(' ', i)}└ {a.Pid} {SafeText.Sanitize(a.Comm)}{aexe}", null));
        }
        lines.Add(("", null));
        lines.Add(("Sockets:", theme.Info));
        int sockets = 0;
        foreach (var c in snapshot.Connections)
        {
            bool mine = false;
            foreach (var o in c.Owners) mine |= o.Pid == p.Pid && o.StartTimeTicks == p.StartTimeTicks;
            if (!mine) continue;
            var s = c.Socket;
            lines.Add(($"  {s.Proto.Name()}{(s.Family == 6 ? "6" : " ")} {s.LocalAddress.WithPort(s.LocalPort),-28} "
                + $"{s.RemoteAddress.WithPort(s.RemotePort),-28} {s.State.Name(s.Proto)}",
                theme.ForState(s.State)));
            sockets++;
        }
        if (sockets == 0) lines.Add(("  (none)", null));
        return lines;
    }
}
