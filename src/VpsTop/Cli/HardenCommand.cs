using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Platform;
using VpsTop.Core.Text;

namespace VpsTop.Cli;

/// <summary>
/// `vpstop harden`: plan, show, apply (with backup, validation by the real sshd, reload, and a detached watchdog that
/// rolls back unless confirmed from a new session), confirm, roll back, list backups.
/// </summary>
internal static class HardenCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var config = new Option<string>("--config")
        {
            Description =
            "The sshd_config to work on (default /etc/ssh/sshd_config). Another file: a rehearsal, not reloaded unless --reload",
            DefaultValueFactory = _ => SshdConfigTree.DefaultMainPath
        };
        var set = new Option<string[]>("--set") { Description = "KEY=VALUE to set (repeatable), e.g. --set PasswordAuthentication=no" };
        var plan = new Option<bool>("--plan") { Description = "Show what would be written where (default)" };
        var diff = new Option<bool>("--diff") { Description = "Show the change of every file as a unified diff" };
        var withBaseline = new Option<bool>("--baseline")
        {
            Description =
            "With --set: also the baseline's preselected settings (without --set they are the plan)"
        };
        var apply = new Option<bool>("--apply")
        {
            Description =
            "Back up, validate with sshd, write, reload, and roll back unless confirmed"
        };
        var yes = new Option<bool>("--yes") { Description = "Do not ask before applying" };
        var force = new Option<bool>("--force")
        {
            Description = "Confirm from the applying session, or roll back over files changed since"
        };
        var noReload = new Option<bool>("--no-reload") { Description = "Write the files but do not reload sshd" };
        var reload = new Option<bool>("--reload")
        {
            Description = "With --config: reload the sshd that runs with that config (its PidFile)"
        };
        var timeout = new Option<int>("--confirm-timeout")
        {
            Description =
            "Seconds to confirm from a new session before the automatic rollback (default 120)", DefaultValueFactory = _ => 120
        };
        var confirm = new Option<bool>("--confirm")
        {
            Description =
            "Keep the change waiting for confirmation (run it from a NEW ssh session)"
        };
        var rollback = new Option<string?>("--rollback")
        {
            Description =
            "Put a backup back (default: the waiting change's, else the latest)", Arity = ArgumentArity.ZeroOrOne
        };
        var backups = new Option<bool>("--backups") { Description = "List the backups" };
        var status = new Option<bool>("--status") { Description = "Show the change waiting for confirmation, or how the last one ended" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "Where backups and the waiting change are kept",
            DefaultValueFactory = _ => HardeningTransaction.DefaultStateDirectory
        };
        var watchdog = new Option<string?>("--watchdog") { Hidden = true };
        var command = new Command("harden",
            "Harden sshd_config without locking yourself out: plan, diff, apply with automatic rollback, confirm, roll back")
        {
            config, set, withBaseline, plan, diff, apply, yes, force, noReload, reload, timeout, confirm, rollback, backups, status, json,
                stateDir, watchdog,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string configPath = parse.GetValue(config) ?? SshdConfigTree.DefaultMainPath;
            var hardening = new HardeningService(services().Root, new SshdOracle(), configPath,
                parse.GetValue(stateDir) ?? HardeningTransaction.DefaultStateDirectory, SelfCommand.Current());
            bool asJson = parse.GetValue(json);
            string session = Environment.GetEnvironmentVariable("SSH_CONNECTION") ?? "";

            if (parse.GetValue(watchdog) is { } id)
            {
                // The watchdog must not hold the terminal or the pipes of the command that started it: an SSH session
                // does not close while a background process keeps its pty open.
                ProcessSelf.RedirectToDevNull();
                hardening.Watch(id);
                return ExitCodes.Ok;
            }
            if (parse.GetValue(backups)) return ListBackups(hardening.Backups, asJson, output);
            if (parse.GetValue(status)) return ShowStatus(hardening.Pending, asJson, output);
            if (!IsRoot(error)) return ExitCodes.Refused;
            string? from = session.Length > 0 ? session : null;
            if (parse.GetValue(confirm)) return Report(hardening.Confirm(from, parse.GetValue(force)), asJson, output, error);
            if (parse.GetResult(rollback) is not null)
            {
                var rolledBack = hardening.RollBack(parse.GetValue(rollback), parse.GetValue(force), reload: !parse.GetValue(noReload),
                    "rolled back by vpstop harden --rollback");
                return Report(rolledBack, asJson, output, error);
            }

            var settings = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            foreach (string pair in parse.GetValue(set) ?? [])
            {
                if (!SettingText.TryParse(pair, out var setting, out string? problem))
                {
                    error.WriteLine($"vpstop harden: --set {SafeText.Sanitize(pair, 80)}: {problem}");
                    return ExitCodes.Usage;
                }
                settings.Add(setting);
            }
            SshdConfigTree tree;
            try
            {
                tree = hardening.Load();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"vpstop harden: cannot read {configPath}: {e.Message}");
                return ExitCodes.Failure;
            }
            // Without --set: the baseline's preselected items (the seed's six); with --set: those values, plus the
            // baseline only when --baseline asks for it too.
            var chosen = settings.Count == 0 || parse.GetValue(withBaseline)
                ? Baseline.For(hardening.SshdVersion()).Where(b => b.Preselected).ToList()
                : [];
            // A port change goes in two confirmed steps: this apply's step replaces the requested ports.
            var proposal = hardening.Propose(tree, chosen, settings);
            if (proposal.PortNote is not null) error.WriteLine("vpstop harden: Port: " + proposal.PortNote);
            var plan = proposal.Plan;
            if (plan.Errors.Count > 0)
            {
                foreach (string e in plan.Errors) error.WriteLine("vpstop harden: " + SafeText.Sanitize(e, 300));
                return ExitCodes.Usage;
            }
            if (parse.GetValue(diff)) return ShowDiff(proposal, output);
            if (!parse.GetValue(apply)) return ShowPlan(plan, asJson, output, error);

            var blocking = plan.Findings.Where(f => f.Severity == GuardSeverity.Block).ToList();
            if (blocking.Count > 0 && !parse.GetValue(force))
            {
                ShowFindings(plan, error);
                error.WriteLine("vpstop harden: blocked by " + string.Join(", ",
                    blocking.Select(f => f.Id)) + ": nothing was changed (--force overrides, naming each guard it overrides)");
                return ExitCodes.Blocked;
            }
            foreach (var f in blocking) error.WriteLine($"vpstop harden: overriding {f.Id}: {SafeText.Sanitize(f.Text, 300)}");
            if (!parse.GetValue(yes))
            {
                ShowPlan(plan, false, output, error);
                output.Write("Apply? [y/N] ");
                output.Flush();
                if (Console.In.ReadLine()?.Trim() is not ("y" or "Y" or "yes")) return ExitCodes.Refused;
            }
            bool doReload = hardening.SystemConfig ? !parse.GetValue(noReload) : parse.GetValue(reload) && !parse.GetValue(noReload);
            var confirmTimeout = TimeSpan.FromSeconds(Math.Max(5, parse.GetValue(timeout)));
            return Report(hardening.Apply(plan, doReload, confirmTimeout, from), asJson, output, error);
        });
        return command;
    }

    private static bool IsRoot(TextWriter error)
    {
        if (ProcessSelf.IsRoot) return true;
        error.WriteLine("vpstop harden: changing sshd's config needs root (sudo vpstop harden …)");
        return false;
    }

    private static int ShowPlan(HardeningPlan plan, bool asJson, TextWriter output, TextWriter error)
    {
        var written = plan.Placement.Decisions.ToDictionary(d => SshdKeywords.CanonicalOf(d.Keyword), d => d, StringComparer.Ordinal);
        (string? File, int? Line) Where(PlannedItem i) => written.TryGetValue(SshdKeywords.CanonicalOf(i.Keyword), out var d) ? (d.File,
            d.LineNumber) : (i.CurrentWhere, null);
        if (asJson)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartArray();
                foreach (var item in plan.Items)
                {
                    var (file, line) = Where(item);
                    w.WriteStartObject();
                    w.WriteString("keyword", item.Keyword);
                    w.WriteString("current", item.Current);
                    w.WriteString("proposed", item.Proposed);
                    w.WriteString("file", file);
                    if (line is { } l) w.WriteNumber("line", l); else w.WriteNull("line");
                    w.WriteString("risk", item.Risk.ToString().ToLowerInvariant());
                    w.WriteStartArray("guard");
                    foreach (var f in plan.Findings.Where(f => item.GuardIds.Contains(f.Id)))
                        w.WriteStringValue($"{f.Id} {f.Severity.ToString().ToLowerInvariant()}: {f.Text}");
                    w.WriteEndArray();
                    w.WriteBoolean("alreadySet", item.AlreadySet);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return plan.Blocked ? ExitCodes.Blocked : ExitCodes.Ok;
        }
        var table = new TextTable("KEYWORD", "CURRENT", "PROPOSED", "WRITTEN TO", "RISK", "GUARD");
        foreach (var item in plan.Items)
        {
            var (file, line) = Where(item);
            string guards = string.Join(",", plan.Findings.Where(f => item.GuardIds.Contains(f.Id)).Select(f => f.Id
                + (f.Severity == GuardSeverity.Block ? "!" : "")));
            table.Add(item.Keyword, SafeText.Sanitize(item.Current ?? "(default)", 40),
                item.AlreadySet ? "(already)" : SafeText.Sanitize(item.Proposed, 40),
                item.AlreadySet ? "" : SafeText.Sanitize(line is { } l ? string.Create(CultureInfo.InvariantCulture,
                    $"{file}:{l}") : file ?? "", 80),
                item.Risk.ToString().ToLowerInvariant(), guards);
        }
        table.WriteTo(output);
        ShowFindings(plan, error);
        if (plan.Verification is { Confirmed: false } v)
            foreach (var miss in v.Misses)
                error.WriteLine(SafeText.Sanitize($"vpstop harden: {miss.Keyword} would not take effect: {miss.Intended} wanted, sshd "
                    + $"would use {miss.Actual ?? "(nothing)"}", 300));
        return plan.Blocked ? ExitCodes.Blocked : ExitCodes.Ok;
    }

    private static void ShowFindings(HardeningPlan plan, TextWriter error)
    {
        foreach (var f in plan.Findings)
        {
            error.WriteLine(SafeText.Sanitize($"{(f.Severity == GuardSeverity.Block ? "BLOCK" : "warn")} {f.Id}: {f.Text}", 400));
            foreach (string e in f.Evidence) error.WriteLine("    " + SafeText.Sanitize(e, 300));
        }
    }

    private static int ShowDiff(HardeningProposal proposal, TextWriter output)
    {
        foreach (string line in proposal.DiffLines())
            if (line.Length > 0) output.WriteLine(SafeText.Sanitize(line, 1000));
        return ExitCodes.Ok;
    }

    private static int ListBackups(BackupStore backups, bool asJson, TextWriter output)
    {
        var list = backups.List();
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(list.ToArray(), CliJsonContext.Default.BackupManifestArray));
            return ExitCodes.Ok;
        }
        var table = new TextTable("BACKUP", "TAKEN", "CONFIG", "FILES");
        foreach (var b in list)
            table.Add(b.Id, b.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                SafeText.Sanitize(b.ConfigPath, 60),
                string.Join(", ", b.Files.Select(f => SafeText.Sanitize(f.Path, 60) + (f.Existed ? "" : " (new)"))));
        table.WriteTo(output);
        return ExitCodes.Ok;
    }

    private static int ShowStatus(PendingStore store, bool asJson, TextWriter output)
    {
        var pending = store.Load();
        if (asJson)
        {
            output.WriteLine(pending is null ? "null" : JsonSerializer.Serialize(pending, CliJsonContext.Default.PendingChange));
            return ExitCodes.Ok;
        }
        if (pending is null)
        {
            output.WriteLine("no change has been applied");
            return ExitCodes.Ok;
        }
        output.WriteLine(SafeText.Sanitize($"change {pending.Id}: "
            + $"{pending.State}{(pending.Waiting ? $", rolls back at {pending.Deadline.ToLocalTime():HH:mm:ss} unless confirmed" : "")}"));
        foreach (string line in pending.Log) output.WriteLine("  " + SafeText.Sanitize(line, 400));
        return ExitCodes.Ok;
    }

    private static int Report(ApplyResult result, bool asJson, TextWriter output, TextWriter error)
    {
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(new HardenResultJson(result.Outcome.ToString().ToLowerInvariant(), result.Message,
                result.Pending, result.Backup?.Id, result.Problems ?? []),
                CliJsonContext.Default.HardenResultJson));
        }
        else (result.Outcome is ApplyOutcome.Applied or ApplyOutcome.NothingToDo or ApplyOutcome.RolledBack ? output
            : error).WriteLine(SafeText.Sanitize("vpstop harden: " + result.Message, 2000));
        return result.Outcome switch
        {
            ApplyOutcome.Applied or ApplyOutcome.NothingToDo => ExitCodes.Ok,
            ApplyOutcome.Invalid => ExitCodes.Invalid,
            ApplyOutcome.RolledBack => ExitCodes.RolledBack,
            ApplyOutcome.Busy => ExitCodes.Refused,
            _ => ExitCodes.Failure,
        };
    }
}

internal sealed record HardenResultJson(string Outcome, string Message, PendingChange? Pending, string? Backup,
    IReadOnlyList<string> Problems);
