using System.CommandLine;
using System.Globalization;
using VpsTop.Core.Platform;
using VpsTop.Core.Settings;

namespace VpsTop.Cli;

/// <summary>
/// The command line: `vpstop` alone starts the TUI; each pane also has a verb printing the same snapshot as
/// text or JSON. Runs in-process in tests with captured output.
/// </summary>
internal static class CliApp
{
    public delegate int TuiRunner(AppServices services, VpsTopSettings settings);

    public static int Run(string[] args, TextWriter output, TextWriter error, Func<SystemRoot, AppServices> createServices,
        TuiRunner runTui)
    {
        var root = new Option<string>("--root")
        {
            Description = "Read the system under this directory instead of / (a captured tree)",
            Hidden = true,
            Recursive = true,
        };
        var refresh = new Option<double?>("--refresh", "-d") { Description = "Seconds between refreshes (default 1)" };
        var noColor = new Option<bool>("--no-color") { Description = "No colours (also: NO_COLOR environment variable)" };
        var colors16 = new Option<bool>("--16-colors") { Description = "Only the 16 basic colours" };
        var interfaces = new Option<string[]>("--interface", "-i")
        {
            Description = "Interface the Bandwidth pane captures (repeatable; default: those with a default route)",
        };

        var authSource = new Option<string?>("--auth-source")
        {
            Description =
                "Where the Auth pane reads sshd's log: auto (journal, then /var/log/auth.log, then /var/log/secure), journal, or a file",
        };

        var sshdConfig = new Option<string?>("--sshd-config")
        {
            Description =
            "The sshd_config the Hardening pane works on (default /etc/ssh/sshd_config)"
        };

        SystemRoot SystemRootOf(ParseResult parse) => parse.GetValue(root) is { Length: > 0 } r ? new SystemRoot(r) : SystemRoot.Live;
        AppServices? services = null;
        ParseResult? current = null;
        AppServices Services() => services ??= createServices(SystemRootOf(current!));

        var command = new RootCommand("VpsTop: who is using this server's network, who is knocking on SSH, and how to lock it down.")
        {
            root, refresh, noColor, colors16, interfaces, authSource, sshdConfig,
        };
        command.Subcommands.Add(ConnectionsCommand.Create(Services));
        command.Subcommands.Add(BandwidthCommand.Create(Services));
        command.Subcommands.Add(AuthCommand.Create(Services));
        command.Subcommands.Add(LoginsCommand.Create(Services));
        command.Subcommands.Add(KillCommand.Create(Services));
        command.Subcommands.Add(HardenCommand.Create(Services));
        command.SetAction(parse =>
        {
            var switches = new Dictionary<string, string?>();
            if (parse.GetValue(refresh) is { } seconds) switches["refreshSeconds"] = seconds.ToString(CultureInfo.InvariantCulture);
            if (parse.GetValue(noColor)) switches["noColor"] = "true";
            if (parse.GetValue(colors16)) switches["colors16"] = "true";
            if (parse.GetValue(interfaces) is { Length: > 0 } names) switches["interfaces"] = string.Join(',', names);
            if (parse.GetValue(authSource) is { Length: > 0 } auth) switches["authSource"] = auth;
            if (parse.GetValue(sshdConfig) is { Length: > 0 } sshd) switches["sshdConfig"] = Path.GetFullPath(sshd);
            VpsTopSettings settings;
            try { settings = SettingsLoader.LoadDefault(SystemRootOf(parse), switches); }
            catch (SettingsException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"vpstop: bad setting: {e.Message}");
                return ExitCodes.Failure;
            }
            return runTui(Services(), settings);
        });

        var parse = command.Parse(args);
        current = parse;
        var config = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var e in parse.Errors) error.WriteLine($"vpstop: {e.Message}");
            error.WriteLine("Try 'vpstop --help'.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(config);
    }
}
