using System.Text.Json;
using VpsTop.Cli;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Cli;

/// <summary>The command line in-process with the real collectors: help, exit codes, messages, JSON shapes.</summary>
public sealed class CliTests
{
    private static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliApp.Run(args, output, error, Composition.CreateServices, (_,
            _) => throw new InvalidOperationException("the TUI must not start"));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Every_verb_has_help()
    {
        foreach (string verb in new[] { "connections", "kill" })
        {
            var (exit, output, _) = Cli(verb, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("--json", output);
        }
        var root = Cli("--help");
        Assert.Equal(0, root.Exit);
        Assert.Contains("connections", root.Out);
        Assert.Contains("kill", root.Out);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (exit, output, _) = Cli("--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void A_wrong_command_line_exits_2_with_a_message()
    {
        var (exit, _, error) = Cli("connections", "--bogus");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--bogus", error);
        Assert.Equal(ExitCodes.Usage, Cli("connections", "--established", "--listening").Exit);
        Assert.Equal(ExitCodes.Usage, Cli("kill", "notapid").Exit);
        Assert.Equal(ExitCodes.Usage, Cli("kill", "5", "--signal", "HUP").Exit);
    }

    [Fact]
    public void Text_output_is_a_netstat_like_table()
    {
        var (exit, output, _) = Cli("connections", "--listening");
        Assert.Equal(0, exit);
        string header = output.Split('\n')[0];
        Assert.StartsWith("Proto", header);
        Assert.Contains("Foreign Address", header);
        Assert.Contains("PID/Program", header);
    }

    [Fact]
    public void A_captured_tree_is_read_through_the_root_option()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc-mixed");
        var (exit, output, error) = Cli("--root", root, "connections", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        // Every documented field is present on every row.
        foreach (var row in rows)
            foreach (string field in new[] { "proto", "family", "localAddress", "localPort", "remoteAddress", "remotePort", "state",
                "inode", "processes" })
                Assert.True(row.TryGetProperty(field, out _), $"missing {field}");
        Assert.Contains(rows, r => r.GetProperty("state").GetString() == "TIME_WAIT");
        Assert.Contains(rows, r => r.GetProperty("family").GetInt32() == 6 && r.GetProperty("remoteAddress").GetString() == "127.0.0.1");
    }

    [Fact]
    public void Kill_of_a_missing_pid_exits_4()
    {
        var (exit, _, error) = Cli("kill", "999999999");
        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("no process", error);
    }

    [Fact]
    public void Kill_refuses_pid_1_and_itself_with_exit_3()
    {
        var (exit, output, _) = Cli("kill", "1", "--json");
        Assert.Equal(ExitCodes.Refused, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("Refused", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(ExitCodes.Refused, Cli("kill", Environment.ProcessId.ToString()).Exit);
    }

    [Fact]
    public void Kill_terminates_a_real_child_process()
    {
        using var children = new Children();
        var child = children.Sleep(300);
        var (exit, output, error) = Cli("kill", child.Id.ToString(), "--json");
        Assert.True(exit == 0, error + output);
        Assert.True(child.WaitForExit(5000));
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("Signalled", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("SIGTERM", doc.RootElement.GetProperty("signal").GetString());
    }

    [Fact]
    public void A_bad_setting_stops_the_tui_with_the_file_and_key_named()
    {
        string dir = Directory.CreateTempSubdirectory("vpstop-cli-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "etc", "vpstop"));
            string file = Path.Combine(dir, "etc", "vpstop", "vpstop.json");
            File.WriteAllText(file, """{ "refreshSeconds": "fast" }""");
            var (exit, _, error) = Cli("--root", dir);
            Assert.Equal(ExitCodes.Failure, exit);
            Assert.Contains(file, error);
            Assert.Contains("refreshSeconds", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_real_binary_refuses_the_tui_without_a_terminal_and_says_why()
    {
        var (exit, _, error) = Vpstop.Run();
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("needs a terminal", error);
    }
}
