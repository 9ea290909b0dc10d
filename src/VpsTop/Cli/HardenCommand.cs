using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
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
        var config = new Option<string>("--config") { Description = "The sshd_config to work on (default /etc/ssh/sshd_config). Another file: a rehearsal, not reloaded unless --reload", DefaultValueFactory = _ => SshdConfigTree.DefaultMainPath };
        var set = new Option<string[]>("--set") { Description = "KEY=VALUE to set (repeatable), e.g. --set PasswordAuthentication=no" };
        var plan = new Option<bool>("--plan") { Description = "Show what would be written where (default)" };
        var apply = new Option<bool>("--apply") { Description = "Back up, validate with sshd, write, reload, and roll back unless confirmed" };
        var yes = new Option<bool>("--yes") { Description = "Do not ask before applying" };
        var force = new Option<bool>("--force") { Description = "Confirm from the applying session, or roll back over files changed since" };
        var noReload = new Option<bool>("--no-reload") { Description = "Write the files but do not reload sshd" };
        var reload = new Option<bool>("--reload") { Description = "With --config: reload the sshd that runs with that config (its PidFile)" };
        var timeout = new Option<int>("--confirm-timeout") { Description = "Seconds to confirm from a new session before the automatic rollback (default 120)", DefaultValueFactory = _ => 120 };
        var confirm = new Option<bool>("--confirm") { Description = "Keep the change waiting for confirmation (run it from a NEW ssh session)" };
        var rollback = new Option<string?>("--rollback") { Description = "Put a backup back (default: the waiting change's, else the latest)", Arity = ArgumentArity.ZeroOrOne };
        var backups = new Option<bool>("--backups") { Description = "List the backups" };
        var status = new Option<bool>("--status") { Description = "Show the change waiting for confirmation, or how the last one ended" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var stateDir = new Option<string>("--state-dir") { Description = "Where backups and the waiting change are kept", DefaultValueFactory = _ => HardeningTransaction.DefaultStateDirectory };
        var watchdog = new Option<string?>("--watchdog") { Hidden = true };
        var command = new Command("harden", "Harden sshd_config without locking yourself out: plan, diff, apply with automatic rollback, confirm, roll back")
        {
            config, set, plan, apply, yes, force, noReload, reload, timeout, confirm, rollback, backups, status, json, stateDir, watchdog,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var root = services().Root;
            var transaction = new HardeningTransaction(root, new SshdOracle(), parse.GetValue(stateDir) ?? HardeningTransaction.DefaultStateDirectory);
            bool asJson = parse.GetValue(json);
            string session = Environment.GetEnvironmentVariable("SSH_CONNECTION") ?? "";

            if (parse.GetValue(watchdog) is { } id)
            {
                // The watchdog must not hold the terminal or the pipes of the command that started it: an SSH session
                // does not close while a background process keeps its pty open.
                ProcessSelf.RedirectToDevNull();
                transaction.Watch(id);
                return ExitCodes.Ok;
            }
            if (parse.GetValue(backups)) return ListBackups(transaction, asJson, output);
            if (parse.GetValue(status)) return ShowStatus(transaction, asJson, output);
            if (!IsRoot(error)) return ExitCodes.Refused;
            if (parse.GetValue(confirm)) return Report(transaction.Confirm(session.Length > 0 ? session : null, parse.GetValue(force)), asJson, output, error);
            if (parse.GetResult(rollback) is not null)
                return Report(transaction.Rollback(parse.GetValue(rollback), parse.GetValue(force), doReload: !parse.GetValue(noReload), "rolled back by vpstop harden --rollback"), asJson, output, error);

            string configPath = parse.GetValue(config) ?? SshdConfigTree.DefaultMainPath;
            bool systemConfig = configPath == SshdConfigTree.DefaultMainPath;
            var settings = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            foreach (string pair in parse.GetValue(set) ?? [])
            {
                if (SettingText.TryParse(pair, out var setting, out string? problem)) settings.Add(setting);
                else
                {
                    error.WriteLine($"vpstop harden: --set {SafeText.Sanitize(pair, 80)}: {problem}");
                    return ExitCodes.Usage;
                }
            }
            if (settings.Count == 0)
            {
                error.WriteLine("vpstop harden: nothing to change: give --set KEY=VALUE (e.g. --set PasswordAuthentication=no --set KbdInteractiveAuthentication=no)");
                return ExitCodes.Usage;
            }
            SshdConfigTree tree;
            try
            {
                string sshDir = systemConfig ? SshdConfigTree.DefaultSshDir : Path.GetDirectoryName(configPath) ?? "/";
                tree = SshdConfigTree.Load(root, configPath, sshDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"vpstop harden: cannot read {configPath}: {e.Message}");
                return ExitCodes.Failure;
            }
            var currentPorts = new SshdOracle().Effective(root.Path(configPath))?.Get("port");
            var (stepped, portNote) = PortSteps.Apply(settings, currentPorts);
            settings = stepped;
            if (portNote is not null) error.WriteLine("vpstop harden: Port: " + portNote);
            var placement = PlacementPlanner.Plan(tree, settings);
            if (!parse.GetValue(apply)) return ShowPlan(placement, asJson, output);

            if (!parse.GetValue(yes))
            {
                ShowPlan(placement, false, output);
                output.Write("Apply? [y/N] ");
                output.Flush();
                if (Console.In.ReadLine()?.Trim() is not ("y" or "Y" or "yes")) return ExitCodes.Refused;
            }
            bool doReload = systemConfig ? !parse.GetValue(noReload) : parse.GetValue(reload) && !parse.GetValue(noReload);
            var request = new ApplyRequest(placement, settings, doReload, systemConfig, TimeSpan.FromSeconds(Math.Max(5, parse.GetValue(timeout))),
                SelfCommand.Current(), Session: session.Length > 0 ? session : null);
            return Report(transaction.Apply(request), asJson, output, error);
        });
        return command;
    }

    private static bool IsRoot(TextWriter error)
    {
        if (ProcessSelf.IsRoot) return true;
        error.WriteLine("vpstop harden: changing sshd's config needs root (sudo vpstop harden …)");
        return false;
    }

    private static int ShowPlan(PlacementPlan placement, bool asJson, TextWriter output)
    {
        if (asJson)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartArray();
                foreach (var d in placement.Decisions)
                {
                    w.WriteStartObject();
                    w.WriteString("keyword", d.Keyword);
                    w.WriteString("current", EffectiveConfig.Compute(placement.Tree).Value(d.Keyword));
                    w.WriteString("proposed", string.Join(' ', d.Args));
                    w.WriteString("file", d.File);
                    w.WriteNumber("line", d.LineNumber);
                    w.WriteString("placement", d.Kind.ToString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return ExitCodes.Ok;
        }
        var current = EffectiveConfig.Compute(placement.Tree);
        var table = new TextTable("KEYWORD", "CURRENT", "PROPOSED", "WRITTEN TO");
        foreach (var d in placement.Decisions)
            table.Add(d.Keyword, SafeText.Sanitize(current.Value(d.Keyword) ?? "(default)", 40), SafeText.Sanitize(string.Join(' ', d.Args), 40),
                SafeText.Sanitize(string.Create(CultureInfo.InvariantCulture, $"{d.File}:{d.LineNumber} ({d.Kind})"), 80));
        table.WriteTo(output);
        return ExitCodes.Ok;
    }

    private static int ListBackups(HardeningTransaction transaction, bool asJson, TextWriter output)
    {
        var list = transaction.Backups.List();
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(list.ToArray(), CliJsonContext.Default.BackupManifestArray));
            return ExitCodes.Ok;
        }
        var table = new TextTable("BACKUP", "TAKEN", "CONFIG", "FILES");
        foreach (var b in list)
            table.Add(b.Id, b.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), SafeText.Sanitize(b.ConfigPath, 60),
                string.Join(", ", b.Files.Select(f => SafeText.Sanitize(f.Path, 60) + (f.Existed ? "" : " (new)"))));
        table.WriteTo(output);
        return ExitCodes.Ok;
    }

    private static int ShowStatus(HardeningTransaction transaction, bool asJson, TextWriter output)
    {
        var pending = transaction.Pending.Load();
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
        output.WriteLine(SafeText.Sanitize($"change {pending.Id}: {pending.State}{(pending.Waiting ? $", rolls back at {pending.Deadline.ToLocalTime():HH:mm:ss} unless confirmed" : "")}"));
        foreach (string line in pending.Log) output.WriteLine("  " + SafeText.Sanitize(line, 400));
        return ExitCodes.Ok;
    }

    private static int Report(ApplyResult result, bool asJson, TextWriter output, TextWriter error)
    {
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(new HardenResultJson(result.Outcome.ToString().ToLowerInvariant(), result.Message, result.Pending, result.Backup?.Id, result.Problems ?? []),
                CliJsonContext.Default.HardenResultJson));
        }
        else (result.Outcome is ApplyOutcome.Applied or ApplyOutcome.NothingToDo or ApplyOutcome.RolledBack ? output : error).WriteLine(SafeText.Sanitize("vpstop harden: " + result.Message, 2000));
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

internal sealed record HardenResultJson(string Outcome, string Message, PendingChange? Pending, string? Backup, IReadOnlyList<string> Problems);
