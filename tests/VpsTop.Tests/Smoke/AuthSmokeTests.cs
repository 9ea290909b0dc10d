using System.Globalization;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Smoke;

/// <summary>The real program following a real log file in tmux at 80×24: the history is on the attackers table when
/// the tab opens, and a brute force that ends in an accepted login, appended while it runs, raises the alarm live.</summary>
public sealed class AuthSmokeTests
{
    private static string Line(DateTimeOffset t, int pid, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{t:MMM dd HH:mm:ss} vps sshd[{pid}]: {message}\n");

    [Fact]
    public void The_auth_tab_follows_the_log_and_raises_the_alarm_as_it_happens()
    {
        string dir = Directory.CreateTempSubdirectory("vpstop-authsmoke-").FullName;
        string log = Path.Combine(dir, "auth.log");
        var now = DateTimeOffset.Now;
        File.WriteAllText(log, string.Concat(Enumerable.Range(0, 4).Select(i =>
            Line(now.AddMinutes(-5), 100 + i, $"Failed password for invalid user admin{i} from 192.0.2.44 port {40000 + i} ssh2"))));
        try
        {
            using var tmux = new TmuxSession($"{Vpstop.ShellCommand()} --auth-source {log}; sleep 60", 80, 24,
                new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
            tmux.WaitForText("F10");
            tmux.Send("M-a");
            string screen = tmux.WaitFor(s => s.Contains("192.0.2.44", StringComparison.Ordinal) && s.Contains("Attackers",
                StringComparison.Ordinal),
                "the attacker from the history", TimeSpan.FromSeconds(20));
            Assert.Contains("No 'failed, then accepted' login", screen);

            var append = string.Concat(Enumerable.Range(0, 6).Select(i =>
                Line(DateTimeOffset.Now, 200 + i, $"Failed password for root from 198.51.100.77 port {50000 + i} ssh2")))
                + Line(DateTimeOffset.Now, 300, "Accepted password for root from 198.51.100.77 port 50100 ssh2");
            File.AppendAllText(log, append);
            screen = tmux.WaitForText("!! ALARM 198.51.100.77 failed 6×, then logged in as root", TimeSpan.FromSeconds(20));
            Assert.Contains("! 198.51.100.77", screen);
            Assert.Contains("accepted", screen);

            tmux.Send("a");
            tmux.WaitForText("Failed, then accepted");
            tmux.Send("Enter");
            tmux.Send("F10");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
