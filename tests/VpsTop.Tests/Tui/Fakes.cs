using System.Net;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using VpsTop.Core.Actions;
using VpsTop.Core.Connections;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Tui;

namespace VpsTop.Tests.Tui;

/// <summary>Shows each dialog headlessly, lets <see cref="Linger"/> pass on the virtual clock (the dialog's timers run),
/// keeps what was on screen, then presses the keys the test scripted.</summary>
public sealed class ScriptedModals(IApplication app, VirtualTimeProvider? clock = null) : IModalRunner
{
    public Queue<Key[]> Keys { get; } = new();
    public List<string> Screens { get; } = [];
    public List<string> Titles { get; } = [];
    /// <summary>Every screen a dialog showed: the first, then one after each key.</summary>
    public List<string> Frames { get; } = [];
    /// <summary>Where the focused view put the terminal cursor on each of <see cref="Frames"/> (null: hidden). The main loop
    /// moves the terminal's cursor there; headless there is no loop, so this is read from the view.</summary>
    public List<System.Drawing.Point?> Cursors { get; } = [];
    public TimeSpan Linger { get; set; }

    /// <summary>Runs while a dialog is open, before its keys: given the dialog's number (0: the first one shown), it can
    /// wait for something the dialog shows later.</summary>
    public Action<int>? WhileOpen { get; set; }

    public int? Run(Dialog dialog)
    {
        var token = app.Begin(dialog);
        app.LayoutAndDraw();
        for (var waited = TimeSpan.Zero; clock is not null && waited < Linger; waited += TimeSpan.FromMilliseconds(100))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            app.TimedEvents!.RunTimers();
            app.LayoutAndDraw();
        }
        Screens.Add(app.Driver!.ToString()!);
        Frames.Add(Screens[^1]);
        Cursors.Add(app.TopRunnableView?.MostFocused?.Cursor.Position);
        Titles.Add(dialog.Title);
        WhileOpen?.Invoke(Titles.Count - 1);
        foreach (var key in Keys.Count > 0 ? Keys.Dequeue() : [Key.Esc])
        {
            if (dialog.StopRequested) break;
            app.InjectKey(key);
            app.LayoutAndDraw();
            Frames.Add(app.Driver.ToString()!);
            Cursors.Add(app.TopRunnableView?.MostFocused?.Cursor.Position);
        }
        int? result = dialog.Result;
        if (token is not null) app.End(token);
        return result;
    }
}

/// <summary>Records what the kill dialog asked for; the real killer is tested on real processes elsewhere. A signalled
/// process exits at once unless its PID is among <see cref="Survivors"/>.</summary>
public sealed class RecordingKiller : IProcessKiller
{
    public List<KillPlan> Applied { get; } = [];
    public HashSet<int> Survivors { get; } = [];

    public bool HasExited(ProcessIdentity target) =>
        !Survivors.Contains(target.Pid)
        && Applied.Exists(p => p.Target.Pid == target.Pid && p.Target.StartTimeTicks == target.StartTimeTicks);

    public KillPlan Plan(ProcessIdentity target, KillSignal signal) => target.Pid == 1
        ? new KillPlan(target, signal, "PID 1 is init", [])
        : new KillPlan(target, signal, null, target.Comm == "sshd" ? ["killing sshd may end your own SSH session"] : []);

    public KillResult Apply(KillPlan plan)
    {
        Applied.Add(plan);
        return new KillResult(KillOutcome.Signalled, $"sent SIG{plan.Signal.ToString().ToUpperInvariant()} to {plan.Target.Pid}");
    }
}

public sealed class HandInspector(IReadOnlyDictionary<int, ProcessDetails> details) : IProcessInspector
{
    public ProcessIdentity? TryRead(int pid) => details.TryGetValue(pid, out var d) ? d.Identity : null;
    public ProcessDetails? TryReadDetails(int pid) => details.GetValueOrDefault(pid);
}

/// <summary>A hand-written incident: an attacker with five SSH connections, a miner with a hostile name, a shared socket.</summary>
public static class IncidentSnapshot
{
    public const string HostileComm = "\u001b[31mminer\u202e";
    public static readonly ProcessIdentity Init = Identity(1, 0, "systemd", "/usr/lib/systemd/systemd", "root");
    public static readonly ProcessIdentity Sshd = Identity(812, 1, "sshd", "/usr/sbin/sshd", "root");
    public static readonly ProcessIdentity Nginx1 = Identity(900, 1, "nginx", "/usr/sbin/nginx", "www-data");
    public static readonly ProcessIdentity Nginx2 = Identity(901, 900, "nginx", "/usr/sbin/nginx", "www-data");
    public static readonly ProcessIdentity Miner = Identity(4242, 812, HostileComm, "/tmp/.x/k\u200bw", "www-data", deleted: true,
        cmdline: ["\u001b]0;owned\u0007kworker", "--pool", "stratum+tcp://198.51.100.7:3333"]);

    private static ProcessIdentity Identity(int pid, int ppid, string comm, string exe, string user, bool deleted = false,
        string[]? cmdline = null) => new()
        {
            Pid = pid, ParentPid = ppid, StartTimeTicks = (ulong)(1000 + pid), StartTime = new DateTimeOffset(2026, 11, 28, 3, 0, 0,
            TimeSpan.Zero),
            Comm = comm, Exe = exe, ExeDeleted = deleted, Cmdline = cmdline ?? [exe], Uid = user == "root" ? 0u : 33u, User = user,
        };

    private static Connection Tcp(string local, ushort lport, string remote, ushort rport, SocketState state, ulong inode,
        params ProcessIdentity[] owners)
    {
        var l = NetAddress.FromIPAddress(IPAddress.Parse(local));
        var r = NetAddress.FromIPAddress(IPAddress.Parse(remote));
        return new Connection(new SocketEntry(Proto.Tcp, l.Family, l, lport, r, rport, state, owners.Length > 0 ? owners[0].Uid : 0, inode,
            0, 0),
            owners, owners.Length == 0 ? "TIME_WAIT: closed by its process; the kernel keeps it a short while" : null);
    }

    public static ConnectionsSnapshot Create()
    {
        var rows = new List<Connection>
        {
            Tcp("0.0.0.0", 22, "0.0.0.0", 0, SocketState.Listen, 100, Sshd),
            Tcp("::", 80, "::", 0, SocketState.Listen, 101, Nginx1, Nginx2),
            Tcp("10.0.0.5", 41000, "198.51.100.7", 3333, SocketState.Established, 102, Miner),
            Tcp("10.0.0.5", 22, "192.0.2.10", 50100, SocketState.Established, 103, Sshd),
            Tcp("10.0.0.5", 22, "203.0.113.9", 49999, SocketState.TimeWait, 0),
        };
        for (int i = 0; i < 5; i++) rows.Add(Tcp("10.0.0.5", 22, "203.0.113.66", (ushort)(51000 + i), SocketState.Established,
            (ulong)(200 + i), Sshd));
        var udp = NetAddress.FromIPAddress(IPAddress.Any);
        rows.Add(new Connection(new SocketEntry(Proto.Udp, 4, udp, 68, udp, 0, SocketState.Close, 0, 300, 0, 0), [Init], null));
        return new ConnectionsSnapshot
        {
            TakenAt = DateTimeOffset.UnixEpoch, Connections = rows, Source = "netlink", OwnersComplete = true,
            Processes = new Dictionary<int, ProcessIdentity> { [1] = Init, [812] = Sshd, [900] = Nginx1, [901] = Nginx2, [4242] = Miner },
        };
    }

    public static IReadOnlyDictionary<int, ProcessDetails> Details() => new Dictionary<int, ProcessDetails>
    {
        [4242] = new()
        {
            Identity = Miner, Cwd = "/tmp/.x", Ancestors = [Sshd, Init], SystemdUnit = "ssh.service",
            CgroupPath = "/system.slice/ssh.service"
        },
        [812] = new() { Identity = Sshd, Cwd = "/", Ancestors = [Init], SystemdUnit = "ssh.service" },
    };
}
