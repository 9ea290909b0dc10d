using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Auth;

namespace VpsTop.Cli;

/// <summary>`vpstop auth`: sshd's events from the journal or auth.log/secure, or with --summary the per-IP table,
/// with the "failed, then accepted" alarms first.</summary>
internal static class AuthCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var source = new Option<string>("--source")
        {
            Description =
                "auto (journal, then /var/log/auth.log, then /var/log/secure), journal, or a log file (e.g. a copy from another machine)",
            DefaultValueFactory = _ => "auto",
        };
        var since = new Option<string?>("--since") { Description = "Only events since TIME: 2026-11-28T03:00, or relative: 90m, 2h, 3d" };
        var rotated = new Option<bool>("--rotated")
        {
            Description =
            "Read the rotated files too (auth.log.1, auth.log.2.gz …), oldest first"
        };
        var window = new Option<string>("--alarm-window")
        {
            Description = "How long before an accepted login earlier failures from the same IP raise the alarm (90m, 24h, 7d)",
            DefaultValueFactory = _ => "24h",
        };
        var summary = new Option<bool>("--summary")
        {
            Description =
            "Per source IP: failures, users tried, accepted logins, first/last seen, compromised"
        };
        var command = new Command("auth", "sshd's log: failures, invalid users, accepted logins; with --summary the attackers per IP")
        {
            json, source, since, summary, rotated, window,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!AuthEventSource.TryParseSince(text, DateTimeOffset.Now, out var parsed))
                {
                    error.WriteLine($"vpstop auth: --since '{text}' is neither a time nor like 90m, 2h, 3d");
                    return ExitCodes.Usage;
                }
                from = parsed;
            }
            // The summary analyses the events as they are read (a big file's on every core); only the listing keeps them
            bool perIp = parse.GetValue(summary);
            if (!AuthEventSource.TryParseDuration(parse.GetValue(window) ?? "24h", out var alarmWindow))
            {
                error.WriteLine($"vpstop auth: --alarm-window '{parse.GetValue(window)}' is not like 90m, 24h, 7d");
                return ExitCodes.Usage;
            }
            var options = new AuthAnalysisOptions { AlarmWindow = alarmWindow };
            string sourceName = parse.GetValue(source) ?? "auto";
            string? name;
            long count;
            IReadOnlyList<string> problems;
            AuthAnalysis analysis;
            var events = new List<AuthEvent>();
            // a summary allocates about a third of the log's size, nearly all of it kept to the end
            using var pause = perIp ? new CollectionPause(LogBytes(services().Root, sourceName) / 2 + (32 << 20)) : null;
            if (perIp) (name, count, analysis, problems) = AuthEventSource.Summarize(services().Root, sourceName, from, options,
                parse.GetValue(rotated));
            else
            {
                var listed = new AuthAnalysis(options);
                (name, count, problems) = AuthEventSource.ReadInto(services().Root, sourceName, from, (AuthEvent e) =>
                {
                    listed.Add(e);
                    events.Add(e);
                }, parse.GetValue(rotated));
                analysis = listed;
            }
            if (name is null)
            {
                error.WriteLine("vpstop auth: no readable sshd log; tried:");
                foreach (string p in problems) error.WriteLine($"  {p}");
                return ExitCodes.Unavailable;
            }
            foreach (string p in problems) error.WriteLine($"vpstop: {p}");
            if (parse.GetValue(json)) WriteJson(events, analysis, perIp, output);
            else WriteText(name, count, events, analysis, perIp, output);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The size of the log file the source will be read from (the probe's choice, as the read makes it);
    /// 0 for the journal.</summary>
    private static long LogBytes(Core.Platform.SystemRoot root, string source)
    {
        var chosen = Core.AuthSources.AuthSourceProbe.Detect(root, source is "auto" or "journal" ? null : source).Chosen.FirstOrDefault();
        return chosen?.FilePath is { } path && source != "journal" && File.Exists(path) ? new FileInfo(path).Length : 0;
    }

    private static void WriteJson(List<AuthEvent> events, AuthAnalysis analysis, bool summary, TextWriter output)
    {
        // A big log's summary is ~100,000 rows: straight to stdout when it is a stream, not built whole in memory first
        output.Flush();
        Stream? direct = output is StreamWriter { BaseStream: var stream } ? stream : null;
        using var buffer = direct is null ? new MemoryStream() : null;
        var options = AuthEventJson.WriterOptions with { Indented = true };
        var sources = summary ? ByFailures(analysis) : [];
        if (sources.Length > 0)
        {
            // rows written in parts on every core, each part an array of its own: "[" + rows + "\n]" as the writer lays
            // an array out, so the parts' rows joined by "," are the rows of one array
            var parts = AuthSummaryTable.Parts(sources.Length);
            var written = new ArrayBufferWriter<byte>[parts.Length];
            Parallel.For(0, parts.Length, part =>
            {
                var bytes = new ArrayBufferWriter<byte>();
                using (var w = new Utf8JsonWriter(bytes, options))
                {
                    w.WriteStartArray();
                    for (int row = parts[part].From; row < parts[part].To; row++) AuthEventJson.Write(w, sources[row]);
                    w.WriteEndArray();
                }
                written[part] = bytes;
            });
            var into = direct ?? buffer!;
            into.Write("["u8);
            int close = 1 + System.Text.Encoding.UTF8.GetByteCount(options.NewLine);
            for (int part = 0; part < written.Length; part++)
            {
                if (part > 0) into.Write(","u8);
                into.Write(written[part].WrittenSpan[1..^close]);
            }
            into.Write(System.Text.Encoding.UTF8.GetBytes(options.NewLine + "]"));
        }
        else
            using (var w = new Utf8JsonWriter(direct ?? buffer!, options))
            {
                w.WriteStartArray();
                if (!summary) foreach (var e in events) AuthEventJson.Write(w, e);
                w.WriteEndArray();
            }
        if (direct is null) output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer!.ToArray()));
        else direct.Write("\n"u8);
    }

    /// <summary>The Auth pane's order: compromised first, then most failures.</summary>
    private static SourceStats[] ByFailures(AuthAnalysis analysis)
    {
        var sources = analysis.ByIp.Values.ToArray();
        Core.Auth.Live.AttackerRow.SortByRank(sources);
        return sources;
    }

    private static void WriteText(string source, long count, List<AuthEvent> list, AuthAnalysis analysis, bool summary, TextWriter output)
    {
        output.WriteLine($"source: {source}, {count} sshd events");
        foreach (var alarm in analysis.Alarms)
        {
            output.WriteLine(Core.Text.SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture,
                $"ALARM: {alarm.Source.ToDisplayString()}{(alarm.ByNetwork64 ? " (same /64)" : "")} failed {alarm.FailureCount} times, "
                    + $"then logged in as {alarm.User} ({alarm.Method}) at {Time(alarm.Accept.Time)}"), 400));
        }
        if (summary)
        {
            AuthSummaryTable.Write(ByFailures(analysis), output);
            return;
        }
        var events = new TextTable("TIME", "KIND", "USER", "IP", "PORT", "METHOD");
        foreach (var e in list)
            events.Add(Time(e.Time), e.KindName, e.User ?? "", e.Ip?.ToDisplayString() ?? "",
                e.Port?.ToString(CultureInfo.InvariantCulture) ?? "", e.Method ?? "");
        events.WriteTo(output);
    }

    private static string Time(DateTimeOffset? t) => t is { } v ? v.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss",
        CultureInfo.InvariantCulture) : "";
}
