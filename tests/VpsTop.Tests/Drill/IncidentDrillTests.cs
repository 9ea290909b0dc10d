using System.Globalization;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;
using Xunit.Abstractions;

namespace VpsTop.Tests.Drill;

/// <summary>
/// The moment VpsTop is for, rehearsed for real: the admin opens vpstop (in tmux, inside the vps namespace) while an
/// attacker who brute-forced sshd has dropped an uploader and a scanner, and works through the tabs with keys as a
/// person would. Each step checks the screen and the system.
/// </summary>
[Trait("Category", "Root")]
public sealed class IncidentDrillTests(ITestOutputHelper output)
{
    [Fact]
    public void The_admin_finds_the_attacker_the_dropped_binary_and_the_break_in()
    {
        using var scene = new DrillScene();
        scene.BruteForce();
        scene.Intrude();
        scene.HoldConnections(6);

        // The same truth for scripts: the CLI, run in the vps, flags both dropped programs and not the web server.
        var (program, prefix) = Vpstop.Command();
        var (exit, json, stderr) = Run.Capture("/usr/sbin/ip", new[] { "netns", "exec", scene.Vps,
            program }.Concat(prefix).Concat(["bandwidth", "--json", "--seconds", "3"]), TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        using (var doc = System.Text.Json.JsonDocument.Parse(json))
        {
            var rows = doc.RootElement.EnumerateArray().ToList();
            System.Text.Json.JsonElement Row(int pid) => rows.Single(r =>
                r.GetProperty("pid").ValueKind == System.Text.Json.JsonValueKind.Number && r.GetProperty("pid").GetInt32() == pid);
            string Codes(System.Text.Json.JsonElement r) => string.Join(',',
                r.GetProperty("reasons").EnumerateArray().Select(x => x.GetProperty("code").GetString()));
            var uploader = Row(scene.DropperPid);
            Assert.True(uploader.GetProperty("suspicious").GetBoolean());
            Assert.Contains("exe-deleted", Codes(uploader));
            Assert.Contains("exe-in-temp-dir", Codes(uploader));
            Assert.True(uploader.GetProperty("sentBytes").GetInt64() > 300_000, json);
            Assert.True(Row(scene.ScannerPid).GetProperty("suspicious").GetBoolean());
            var daemon = Row(scene.DaemonPid);
            Assert.False(daemon.GetProperty("suspicious").GetBoolean(), Codes(daemon));
            Assert.True(daemon.GetProperty("sentBytes").GetInt64() > 0);
        }

        using var tmux = new TmuxSession(
            $"/usr/sbin/ip netns exec {scene.Vps} {Vpstop.ShellCommand()} --auth-source {scene.SshdLog} --sshd-config {scene.SshdConfig}; "
                + $"echo VPSTOP-EXIT=$?; sleep 60", 100, 30,
            new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        tmux.WaitForText("F10", TimeSpan.FromSeconds(30));

        // 1. Connections: the burst on port 22, and per remote IP the attacker on top.
        tmux.Send("e");
        string established = tmux.WaitFor(s => s.Split('\n').Count(l => l.Contains($"{DrillScene.VpsIp}:22",
            StringComparison.Ordinal) && l.Contains(DrillScene.AttackerIp, StringComparison.Ordinal)) >= 6,
            "six or more ESTABLISHED connections from the attacker to port 22");
        output.WriteLine(established);
        Shoot(tmux, "connections");
        tmux.Send("r");
        string perRemote = tmux.WaitForText("per remote IP");
        output.WriteLine(perRemote);
        string firstRemote = perRemote.Split('\n').First(l => l.Contains("10.66.", StringComparison.Ordinal));
        Assert.Contains(DrillScene.AttackerIp, firstRemote);
        Shoot(tmux, "connections-by-remote");

        // 2. Bandwidth: the dropped uploader on top, marked, with why; its origin leads to the attacker's sshd session.
        tmux.Send("M-b");
        string dropper = scene.DropperPid.ToString(CultureInfo.InvariantCulture);
        // The scanner's row in the same wait: a screen read while the terminal is being redrawn can have the first row
        // and not yet the others (seen in CI).
        string scanner = scene.ScannerPid.ToString(CultureInfo.InvariantCulture);
        string bandwidth = tmux.WaitFor(s => RowOf(s, dropper) is { } row && row.Contains("! kworkerd",
            StringComparison.Ordinal) && row.Contains("program file was", StringComparison.Ordinal)
                                              && TopRow(s)?.Contains(dropper, StringComparison.Ordinal) == true
                                              && RowOf(s, scanner)?.Contains("! dbus-helper", StringComparison.Ordinal) == true,
            $"the dropper {dropper} on top, marked, and the scanner {scanner} marked", TimeSpan.FromSeconds(30));
        output.WriteLine(bandwidth);
        Shoot(tmux, "bandwidth");

        // Select it by search, not as the top row: the rows are sorted by rate, and the daemon's download overtook it
        // for a second between the screen read and the key (seen in CI: the origin of the daemon opened).
        tmux.Send("/");
        tmux.WaitForText("Jump to the next row containing");
        tmux.Type("kworkerd");
        tmux.Send("Enter");
        tmux.WaitFor(s => !s.Contains("Jump to the next row containing", StringComparison.Ordinal), "the search prompt closed");
        tmux.Send("Enter");
        // The whole dialog in one wait: a screen read while it is drawn can have its title and not yet its lines.
        tmux.WaitFor(s => s.Contains($"Origin of {dropper}", StringComparison.Ordinal) && s.Contains("deleted", StringComparison.Ordinal)
                          && s.Contains(DrillScene.DropDir, StringComparison.Ordinal),
                              $"the origin of {dropper}: deleted, from {DrillScene.DropDir}");
        Shoot(tmux, "bandwidth-origin");
        tmux.Send("PageDown");
        // The chain in the same wait as its heading: a screen read mid-redraw can have one without the other.
        string parents = tmux.WaitFor(s => s.IndexOf("Parent chain:", StringComparison.Ordinal) is var at and >= 0
                                           && s.IndexOf("sshd", at, StringComparison.Ordinal) > at, "the parent chain, up to sshd");
        output.WriteLine(parents);
        tmux.Send("Escape");
        tmux.WaitFor(s => !s.Contains("Parent chain:", StringComparison.Ordinal), "the dialog closed");

        tmux.Send("F9");
        Assert.Contains(dropper, tmux.WaitForText("Kill process?"));
        tmux.Send("M-t");
        tmux.WaitForText("Signal sent");
        tmux.Send("Enter");
        DrillScene.WaitFor(() => !DrillScene.IsRunning(scene.DropperPid), "the dropper stopped");
        long before = scene.ExfilReceivedBytes();
        Thread.Sleep(1000);
        long leak = scene.ExfilReceivedBytes() - before;
        Assert.True(leak < 10_000, $"exfil still receives {leak} B/s after the kill");
        tmux.WaitFor(s => RowOf(s, dropper) is not { } row || row.Contains("exited", StringComparison.Ordinal),
            "the dropper's row gone or marked exited");

        // 3. Auth: the failures, the invalid users, and the alarm for the attacker's IP.
        tmux.Send("M-a");
        string auth = tmux.WaitForText($"!! ALARM {DrillScene.AttackerIp} failed", TimeSpan.FromSeconds(20));
        output.WriteLine(auth);
        Assert.Contains($"then logged in as {scene.User} (password)", auth);
        string attackerRow = auth.Split('\n').First(l => l.Contains("! " + DrillScene.AttackerIp, StringComparison.Ordinal));
        Assert.Contains("5: admin", attackerRow);             // four invalid users and the real one
        Assert.Contains("8 failed, 4 invalid users", auth);
        Assert.Contains($"then logged in as {scene.User} (password) at ", auth); // with the time: the log came through syslog
        Shoot(tmux, "auth");
        tmux.Send("a");
        Assert.Contains($"{DrillScene.AttackerIp}: 8 failures, then {scene.User} logged in (password)",
            tmux.WaitForText("Failed, then accepted"));
        Shoot(tmux, "auth-alarm");
        tmux.Send("Escape");
        tmux.WaitFor(s => !s.Contains("Failed, then accepted", StringComparison.Ordinal), "the alarm dialog closed");

        // 4. Hardening: the seed's settings on the drill's sshd, applied from the pane with its rollback armed. Root is
        // the admin's only way in, so root keeps key logins (prohibit-password, preselected) instead of "no".
        tmux.Send("M-h");
        string hardening = tmux.WaitFor(s => s.Contains("PasswordAuthentication", StringComparison.Ordinal) && s.Contains("OpenSSH",
            StringComparison.Ordinal),
            "the Hardening pane with sshd's values", TimeSpan.FromSeconds(20));
        output.WriteLine(hardening);
        Assert.Contains("[x] PasswordAuthentication", hardening);
        // PermitRootLogin no would lock the admin out (root is their only way in): the guard blocks it.
        // The pane plans off the UI thread and opens the dialog when sshd has checked the plan: wait for its content,
        // not only its title (a screen read mid-draw has one without the other); at the deadline the screen is shown.
        tmux.Send("A");
        tmux.WaitFor(s => s.Contains("Blocked: this could lock you out", StringComparison.Ordinal)
            && s.Contains("BLOCK L5", StringComparison.Ordinal), "the blocked dialog naming L5");
        Shoot(tmux, "hardening-blocked");
        tmux.Send("Enter"); // Cancel, the default
        tmux.WaitFor(s => !s.Contains("Blocked: this could lock you out", StringComparison.Ordinal), "the dialog closed");
        // The guard's advice: root keeps key logins only. PermitRootLogin is the first row.
        tmux.Send("Home");
        tmux.Send("Enter");
        tmux.WaitForText("Value to set");
        tmux.Send("BSpace", "BSpace", "BSpace", "BSpace");
        tmux.Type("prohibit-password");
        tmux.Send("Enter");
        tmux.WaitForText("prohibit-password");
        tmux.Send("A");
        tmux.WaitFor(s => s.Contains("Apply these changes?", StringComparison.Ordinal)
            && s.Contains("sshd_config", StringComparison.Ordinal), "the apply dialog naming sshd_config");
        tmux.Send("M-a");
        tmux.WaitForText("Applied — now confirm from a NEW session", TimeSpan.FromSeconds(30));
        tmux.Send("Enter");
        string pending = tmux.WaitForText("!! Applied");
        Assert.Contains("rolls back in", pending);
        Shoot(tmux, "hardening");
        var vpstop = VpstopArgv();

        // The admin opens a new session from their workstation with their key, and confirms from there.
        string confirmCommand = string.Join(' ', vpstop.Select(a => "'" + a + "'")) + " harden --confirm";
        var confirmed = scene.SshAsRootWithKey(confirmCommand);
        output.WriteLine(confirmed.Stdout + confirmed.Stderr);
        Assert.True(confirmed.Exit == 0, confirmed.Stdout + confirmed.Stderr);
        Assert.Contains("confirmed", confirmed.Stdout);

        // What sshd itself now says, and what the attacker now gets.
        var dump = DrillScene.Capture(scene.Vps, "/usr/sbin/sshd", "-T", "-f", scene.SshdConfig);
        foreach (string expected in new[] { "passwordauthentication no", "kbdinteractiveauthentication no",
            "permitrootlogin without-password", "maxauthtries 3", "clientaliveinterval 300", "clientalivecountmax 2" })
            Assert.Contains(expected, dump.Stdout.Split('\n'));
        var refused = scene.PasswordAttemptFromAttacker(scene.User, scene.Password);
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("Permission denied (publickey)", refused.Stderr); // passwords are not even offered any more

        // The pane sees the confirmation; then the admin quits.
        tmux.WaitForText(": confirmed", TimeSpan.FromSeconds(20));
        tmux.Send("F10");
        Assert.Contains("VPSTOP-EXIT=0", tmux.WaitForText("VPSTOP-EXIT="));
    }

    /// <summary>The argv of the vpstop under test, with absolute paths (it also runs inside an SSH session).</summary>
    private static string[] VpstopArgv()
    {
        var (program, prefix) = Vpstop.Command();
        return program == "dotnet" ? [Environment.ProcessPath!, .. prefix] : [program, .. prefix];
    }

    /// <summary>With VPSTOP_SCREENSHOTS set to a directory (screenshots/make.sh sets it), each step's screen is saved
    /// there with its colours, for the README pictures: they show the real drill.</summary>
    private static void Shoot(TmuxSession tmux, string name)
    {
        if (Environment.GetEnvironmentVariable("VPSTOP_SCREENSHOTS") is not { Length: > 0 } dir) return;
        Thread.Sleep(1500); // a refresh or two, so the rates and sparklines have filled in
        File.WriteAllText(Path.Combine(dir, name + ".ansi"), TmuxSession.Tmux("capture-pane", "-e", "-p", "-t", tmux.Name));
    }

    /// <summary>The table line holding <paramref name="pid"/> as its first word, or null.</summary>
    private static string? RowOf(string screen, string pid) =>
        screen.Split('\n').FirstOrDefault(l => l.TrimStart('│', ' ').StartsWith(pid + " ", StringComparison.Ordinal));

    /// <summary>The first data row under the Bandwidth table's header.</summary>
    private static string? TopRow(string screen)
    {
        var lines = screen.Split('\n');
        int header = Array.FindIndex(lines, l => l.Contains("PID", StringComparison.Ordinal) && l.Contains("SENT/s",
            StringComparison.Ordinal));
        return header >= 0 && header + 2 < lines.Length ? lines[header + 2] : null;
    }
}
