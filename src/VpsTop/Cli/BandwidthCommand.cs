using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Text;
using VpsTop.Core.Traffic;

namespace VpsTop.Cli;

/// <summary>`vpstop bandwidth`: captures for N seconds and prints per-process totals, the Bandwidth pane's rows.</summary>
internal static class BandwidthCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var seconds = new Option<double>("--seconds", "-s")
        {
            Description = "How long to capture (default 5)",
            DefaultValueFactory = _ => 5
        };
        var interfaces = new Option<string[]>("--interface", "-i")
        {
            Description = "Interface to capture (repeatable; default: those with a default route)",
            AllowMultipleArgumentsPerToken = false,
        };
        var tcpInfo = new Option<bool>("--tcp-info")
        {
            Description = "Measure without capturing: the kernel's per-socket TCP byte counters (TCP payload only, no UDP; needs no root)",
        };
        var command = new Command("bandwidth", "Bytes sent and received per process, from a packet capture (like nethogs)")
        {
            json, seconds, interfaces, tcpInfo,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            double duration = parse.GetValue(seconds);
            if (!(duration > 0 && duration <= 86400))
            {
                error.WriteLine("vpstop bandwidth: --seconds must be between 0 and 86400");
                return ExitCodes.Usage;
            }
            BandwidthCollector collector;
            try
            {
                collector = parse.GetValue(tcpInfo)
                    ? services().OpenTcpFallback(new CaptureUnavailableException(CaptureFailure.Other,
                        "--tcp-info: measured without capturing"))
                    : services().OpenBandwidth(parse.GetValue(interfaces));
            }
            catch (CaptureUnavailableException e)
            {
                error.WriteLine($"vpstop bandwidth: cannot capture: {e.Message} (--tcp-info measures TCP without capturing)");
                return ExitCodes.Unavailable;
            }
            BandwidthSnapshot snapshot;
            using (collector)
            {
                collector.Start();
                // the counting starts here: said on stderr, so a person knows what the wait is and a script when to begin
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vpstop bandwidth: measuring for {duration:0.#} s"));
                Thread.Sleep(TimeSpan.FromSeconds(duration));
                snapshot = collector.TakeTick(waitForSuspicion: true);
            }
            foreach (string problem in snapshot.Problems) error.WriteLine($"vpstop: {problem}");
            if (snapshot.Source.KernelDrops > 0)
                error.WriteLine($"vpstop: the capture dropped {snapshot.Source.KernelDrops} packets (kernel buffer full): the numbers are "
                    + $"lower bounds");
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(ToJson(snapshot),
                CliJsonContext.Default.ListBandwidthJson));
            else WriteTable(snapshot, output);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static List<BandwidthJson> ToJson(BandwidthSnapshot snapshot)
    {
        var list = new List<BandwidthJson>(snapshot.Rows.Count);
        foreach (var row in snapshot.Rows)
        {
            var p = row.Process;
            var reasons = new List<ReasonJson>(row.Reasons.Count);
            foreach (var r in row.Reasons) reasons.Add(new ReasonJson(r.Code, r.Severity.ToString().ToLowerInvariant(), r.Text,
                r.Evidence));
            list.Add(new BandwidthJson(p?.Pid, p?.Comm, p?.User, p?.Exe, row.SentBytes, row.ReceivedBytes, row.Suspicious, reasons,
                row.UnknownReason, row.Exited, row.Devices, p?.StartTimeTicks));
        }
        return list;
    }

    private static void WriteTable(BandwidthSnapshot snapshot, TextWriter output)
    {
        output.WriteLine($"{snapshot.Source.Description}, {snapshot.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        var table = new TextTable("PID", "USER", "PROGRAM", "DEV", "SENT", "RECEIVED", "NOTE");
        foreach (var row in snapshot.Rows)
        {
            var p = row.Process;
            string note = p is null ? row.UnknownReason ?? "" : string.Join("; ", row.Reasons.Select(r => $"{r.Text} ({r.Evidence})"));
            if (row.Suspicious) note = "SUSPICIOUS: " + note;
            if (row.Exited) note = note.Length == 0 ? "exited" : "exited; " + note;
            table.Add(p?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?", p?.User ?? "", p?.Comm ?? "unknown", row.Devices,
                ByteSize.Format(row.SentBytes), ByteSize.Format(row.ReceivedBytes), note);
        }
        table.WriteTo(output);
    }
}
