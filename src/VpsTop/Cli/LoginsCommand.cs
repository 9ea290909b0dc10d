using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VpsTop.Core.Logins;

namespace VpsTop.Cli;

/// <summary>`vpstop logins`: `last` (or with --failed `lastb`) read straight from wtmp / wtmpdb / btmp.</summary>
internal static class LoginsCommand
{
    public static Command Create(Func<AppServices> services)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var failed = new Option<bool>("--failed") { Description = "Failed attempts from btmp, like lastb" };
        var command = new Command("logins", "Login history like last (sessions from wtmp or wtmpdb), or failed attempts like lastb")
        {
            json, failed,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var root = services().Root;
            var result = parse.GetValue(failed) ? LoginSources.Failures(root) : LoginSources.Logins(root);
            foreach (string problem in result.Problems) error.WriteLine($"vpstop: {problem}");
            if (result.Sources.Count == 0)
            {
                error.WriteLine("vpstop logins: no login record could be read");
                return ExitCodes.Failure;
            }
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(ToJson(result.Sessions),
                CliJsonContext.Default.ListLoginJson));
            else WriteTable(result, output);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string EndingName(SessionEnd ending) => ending switch
    {
        SessionEnd.Logout => "logout",
        SessionEnd.StillLoggedIn => "still_logged_in",
        SessionEnd.GoneNoLogout => "gone_no_logout",
        SessionEnd.Crash => "crash",
        SessionEnd.Down => "down",
        SessionEnd.Boot => "boot",
        _ => "failed",
    };

    private static List<LoginJson> ToJson(IReadOnlyList<LoginSession> sessions)
    {
        var list = new List<LoginJson>(sessions.Count);
        foreach (var s in sessions)
            list.Add(new LoginJson(s.User, s.Line, s.Host, s.Address?.ToDisplayString(), s.Start, s.End, EndingName(s.Ending),
                s.Duration?.TotalSeconds, s.Pid == 0 ? null : s.Pid));
        return list;
    }

    private static void WriteTable(LoginSources.Result result, TextWriter output)
    {
        var table = new TextTable("USER", "LINE", "FROM", "START", "END", "DURATION");
        foreach (var s in result.Sessions)
        {
            string end = s.Ending switch
            {
                SessionEnd.Logout => Time(s.End!.Value),
                SessionEnd.StillLoggedIn => "still logged in",
                SessionEnd.GoneNoLogout => "gone - no logout",
                SessionEnd.Crash => "crash",
                SessionEnd.Down => "down",
                SessionEnd.Boot => s.End is { } e ? Time(e) : "still running",
                _ => "failed",
            };
            string duration = s.Duration is { } d ? $"{(int)d.TotalHours:00}:{d.Minutes:00}" : "";
            table.Add(s.User, s.Line, s.Address?.ToDisplayString() ?? s.Host, Time(s.Start), end, duration);
        }
        table.WriteTo(output);
        output.WriteLine($"(from {string.Join(", ", result.Sources)})");
    }

    private static string Time(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
