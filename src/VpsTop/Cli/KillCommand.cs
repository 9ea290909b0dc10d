using System.CommandLine;
using System.Text.Json;
using VpsTop.Core.Actions;

namespace VpsTop.Cli;

/// <summary>`vpstop kill PID`: the F9 action for scripts, under the same safety rules (same planner).</summary>
internal static class KillCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var pid = new Argument<int>("pid") { Description = "Process ID to signal" };
        var signal = new Option<string>("--signal", "-s")
        {
            Description = "TERM (ask it to exit, the default) or KILL (cannot be caught)",
            DefaultValueFactory = _ => "TERM",
        };
        signal.AcceptOnlyFromAmong("TERM", "KILL", "SIGTERM", "SIGKILL", "15", "9");
        var force = new Option<bool>("--force")
        {
            Description =
            "Proceed despite warnings (e.g. the target is sshd or your own session); refusals still hold"
        };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON" };
        var command = new Command("kill",
            "Signal one process safely: resolved by PID and start time through a pidfd, so a recycled PID is never hit")
        {
            pid, signal, force, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int target = parse.GetValue(pid);
            var sig = parse.GetValue(signal) is "KILL" or "SIGKILL" or "9" ? KillSignal.Kill : KillSignal.Term;
            bool asJson = parse.GetValue(json);
            var app = services();

            var identity = target > 0 ? app.Inspector.TryRead(target) : null;
            if (identity is null)
                return Report(output, error, asJson, target, sig, KillOutcome.AlreadyGone, $"no process with PID {target}", [],
                    ExitCodes.NotFound);

            var plan = app.Killer.Plan(identity, sig);
            if (!plan.Allowed)
                return Report(output, error, asJson, target, sig, KillOutcome.Refused, plan.Refusal!, plan.Warnings, ExitCodes.Refused);
            if (plan.Warnings.Count > 0 && !parse.GetValue(force))
                return Report(output, error, asJson, target, sig, KillOutcome.Refused,
                    "not sent: " + string.Join("; ", plan.Warnings) + " (repeat with --force to send anyway)", plan.Warnings,
                        ExitCodes.Refused);

            var result = app.Killer.Apply(plan);
            int code = result.Outcome switch
            {
                KillOutcome.Signalled => ExitCodes.Ok,
                KillOutcome.AlreadyGone or KillOutcome.PidReused => ExitCodes.NotFound,
                KillOutcome.Refused => ExitCodes.Refused,
                _ => ExitCodes.Failure,
            };
            return Report(output, error, asJson, target, sig, result.Outcome, result.Message, plan.Warnings, code);
        });
        return command;
    }

    private static int Report(TextWriter output, TextWriter error, bool json, int pid, KillSignal signal, KillOutcome outcome,
        string message, IReadOnlyList<string> warnings, int exitCode)
    {
        if (json)
        {
            var body = new KillJson(pid, "SIG" + signal.ToString().ToUpperInvariant(), outcome.ToString(), message, warnings);
            output.WriteLine(JsonSerializer.Serialize(body, CliJsonContext.Default.KillJson));
        }
        else
        {
            (exitCode == ExitCodes.Ok ? output : error).WriteLine($"vpstop kill: {Core.Text.SafeText.Sanitize(message)}");
        }
        return exitCode;
    }
}
