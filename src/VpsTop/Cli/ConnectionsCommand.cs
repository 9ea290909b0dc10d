using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Connections;
using VpsTop.Core.Sockets;

namespace VpsTop.Cli;

/// <summary>`vpstop connections`: the Connections pane's snapshot as text or JSON.</summary>
internal static class ConnectionsCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var established = new Option<bool>("--established", "-e") { Description = "Only ESTABLISHED connections" };
        var listening = new Option<bool>("--listening", "-l") { Description = "Only listening TCP and bound, unconnected UDP sockets" };
        var byRemote = new Option<bool>("--by-remote", "-r") { Description = "Count ESTABLISHED connections per remote IP, most first" };
        var command = new Command("connections",
            "Every TCP/UDP socket (IPv4 and IPv6) with its state and owning processes, like netstat -tunap")
        {
            json, established, listening, byRemote,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(established) && parse.GetValue(listening))
            {
                error.WriteLine("vpstop connections: --established and --listening exclude each other");
                return ExitCodes.Usage;
            }
            var snapshot = services().CollectConnections();
            foreach (string problem in snapshot.Problems) error.WriteLine($"vpstop: {problem}");
            if (parse.GetValue(byRemote))
            {
                WriteByRemote(RemoteHostCounter.Count(snapshot), parse.GetValue(json), output);
                return ExitCodes.Ok;
            }
            var mode = parse.GetValue(established) ? ConnectionMode.Established
                : parse.GetValue(listening) ? ConnectionMode.Listening : ConnectionMode.All;
            var rows = new ConnectionView(mode).Apply(snapshot);
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(ToJson(rows), CliJsonContext.Default.ListConnectionJson));
            else WriteTable(rows, snapshot, output);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static List<ConnectionJson> ToJson(IReadOnlyList<Connection> rows)
    {
        var list = new List<ConnectionJson>(rows.Count);
        foreach (var c in rows)
        {
            var s = c.Socket;
            var owners = new List<ProcessJson>(c.Owners.Count);
            foreach (var p in c.Owners) owners.Add(new ProcessJson(p.Pid, p.Comm, p.User, p.Exe, p.ExeDeleted, p.StartTimeTicks));
            list.Add(new ConnectionJson(s.Proto.Name(), s.Family, s.LocalAddress.ToDisplayString(), s.LocalPort,
                s.RemoteAddress.ToDisplayString(), s.RemotePort, s.State.Name(s.Proto), s.Inode, s.Uid, owners, c.OwnerUnknownReason));
        }
        return list;
    }

    private static void WriteByRemote(IReadOnlyList<RemoteHostCount> counts, bool json, TextWriter output)
    {
        if (json)
        {
            var list = new List<RemoteHostJson>(counts.Count);
            foreach (var c in counts) list.Add(new RemoteHostJson(c.RemoteAddress.ToDisplayString(), c.Connections));
            output.WriteLine(JsonSerializer.Serialize(list, CliJsonContext.Default.ListRemoteHostJson));
            return;
        }
        var table = new TextTable("Count", "Remote address");
        foreach (var c in counts) table.Add(c.Connections.ToString(CultureInfo.InvariantCulture).PadLeft(5),
            c.RemoteAddress.ToDisplayString());
        table.WriteTo(output);
    }

    private static void WriteTable(IReadOnlyList<Connection> rows, ConnectionsSnapshot snapshot, TextWriter output)
    {
        var table = new TextTable("Proto", "Local Address", "Foreign Address", "State", "PID/Program", "User");
        foreach (var c in rows)
        {
            var s = c.Socket;
            string proto = s.Proto.Name() + (s.Family == 6 ? "6" : "");
            table.Add(proto, s.LocalAddress.WithPort(s.LocalPort), s.RemoteAddress.WithPort(s.RemotePort), s.State.Name(s.Proto),
                OwnerText(c), c.User);
        }
        table.WriteTo(output);
        if (!snapshot.OwnersComplete)
            output.WriteLine("(not root: processes of other users' sockets are not shown; run as root to see them)");
    }

    internal static string OwnerText(Connection c)
    {
        if (c.Owners.Count == 0) return "-";
        if (c.Owners.Count == 1) return string.Create(CultureInfo.InvariantCulture, $"{c.Owners[0].Pid}/{c.Owners[0].Comm}");
        var parts = new string[c.Owners.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = string.Create(CultureInfo.InvariantCulture,
            $"{c.Owners[i].Pid}/{c.Owners[i].Comm}");
        return string.Join(',', parts);
    }

}
