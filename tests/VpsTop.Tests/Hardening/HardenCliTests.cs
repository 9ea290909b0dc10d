using System.Text.Json;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Hardening;

/// <summary>
/// `vpstop harden` (the real binary) on a real sshd on loopback: an apply turns passwords off for new logins while
/// an open session survives the reload; unconfirmed, the watchdog puts the old file back byte for byte and passwords
/// work again; confirmed from another session, it stays; a config sshd refuses is never written; a crash at any
/// step leaves the old or the new file and an intact backup.
/// </summary>
[Trait("Category", "Root")]
public sealed class HardenCliTests : IDisposable
{
    private readonly LoopbackSshd _sshd = new();

    public void Dispose() => _sshd.Dispose();

    private (int Exit, string Stdout, string Stderr) Harden(IDictionary<string, string>? env, params string[] args) =>
        Vpstop.RunWith(env, ["harden", "--config", _sshd.Config, "--state-dir", _sshd.StateDir, .. args]);

    private static readonly string[] NoPasswords = ["--set", "PasswordAuthentication=no", "--set", "KbdInteractiveAuthentication=no"];

    private static Dictionary<string, string> Session(string client) => new() { ["SSH_CONNECTION"] = $"{client} 22" };

    [Fact]
    public void An_unconfirmed_apply_takes_effect_keeps_open_sessions_then_rolls_back_by_itself()
    {
        Assert.Equal(0, _sshd.PasswordLogin());
        int listener = _sshd.Sshd.Id;
        var open = _sshd.OpenSession(4);

        var (exit, stdout, stderr) = Harden(Session("192.0.2.1 50000 127.0.0.1"), [.. NoPasswords, "--apply", "--yes", "--reload",
            "--confirm-timeout", "8"]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("rolls back at", stdout);
        Assert.NotEqual(_sshd.OriginalConfig, File.ReadAllBytes(_sshd.Config));
        Assert.NotEqual(0, _sshd.PasswordLogin());   // the new settings are live
        Assert.Equal(0, _sshd.KeyLogin());
        Assert.Equal("alive", open.StandardOutput.ReadLine()); // the session opened before the reload survived it
        Assert.Equal(listener, _sshd.Sshd.Id);
        Assert.False(_sshd.Sshd.HasExited);

        // Nobody confirms: the detached watchdog restores the file and reloads.
        LoopbackSshd.Wait(() => File.ReadAllBytes(_sshd.Config).AsSpan().SequenceEqual(_sshd.OriginalConfig), "the rollback", 20);
        LoopbackSshd.Wait(() => _sshd.PasswordLogin() == 0, "passwords working again", 10);
        var status = Harden(null, "--status", "--json");
        using var doc = JsonDocument.Parse(status.Stdout);
        Assert.Equal("rolled-back", doc.RootElement.GetProperty("state").GetString());
        Assert.Contains(doc.RootElement.GetProperty("log").EnumerateArray(),
            l => l.GetString()!.Contains("not confirmed before the deadline", StringComparison.Ordinal));
    }

    [Fact]
    public void Confirmed_from_a_new_session_it_stays_and_the_applying_session_cannot_confirm_itself()
    {
        var applying = Session("192.0.2.1 50000 127.0.0.1");
        Assert.Equal(0, Harden(applying, [.. NoPasswords, "--apply", "--yes", "--reload", "--confirm-timeout", "15"]).Exit);

        var self = Harden(applying, "--confirm");
        Assert.Equal(1, self.Exit);
        Assert.Contains("NEW ssh session", self.Stderr);

        var other = Harden(Session("192.0.2.1 50001 127.0.0.1"), "--confirm", "--json");
        Assert.True(other.Exit == 0, other.Stdout + other.Stderr);
        using (var doc = JsonDocument.Parse(other.Stdout)) Assert.Equal("confirmed",
            doc.RootElement.GetProperty("pending").GetProperty("state").GetString());

        // Past the deadline: the watchdog saw the confirmation and left.
        string changeId = JsonDocument.Parse(Harden(null, "--status", "--json").Stdout).RootElement.GetProperty("id").GetString()!;
        LoopbackSshd.Wait(() => !WatchdogRunning(changeId), "the watchdog leaving", 25);
        Assert.NotEqual(_sshd.OriginalConfig, File.ReadAllBytes(_sshd.Config));
        Assert.NotEqual(0, _sshd.PasswordLogin());

        // The backup is listed, and putting it back by hand works too.
        var list = Harden(null, "--backups", "--json");
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var backup = Assert.Single(doc.RootElement.EnumerateArray().ToList());
            Assert.Equal(_sshd.Config, backup.GetProperty("files")[0].GetProperty("path").GetString());
        }
        var back = Harden(null, "--rollback", "--reload");
        Assert.True(back.Exit == 8, back.Stdout + back.Stderr);
        Assert.Equal(_sshd.OriginalConfig, File.ReadAllBytes(_sshd.Config));
        LoopbackSshd.Wait(() => _sshd.PasswordLogin() == 0, "passwords working again", 10);
    }

    private static bool WatchdogRunning(string changeId) =>
        Directory.GetDirectories("/proc").Any(d => Path.GetFileName(d).All(char.IsAsciiDigit) && Cmdline(d).Contains(changeId,
            StringComparison.Ordinal));

    private static string Cmdline(string procDir)
    {
        try { return File.ReadAllText(Path.Combine(procDir, "cmdline")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    [Fact]
    public void A_config_sshd_refuses_or_a_value_that_would_not_take_effect_is_never_written()
    {
        var bad = Harden(null, "--set", "MaxAuthTries=lots", "--apply", "--yes", "--reload");
        Assert.True(bad.Exit == 7, bad.Stdout + bad.Stderr);
        Assert.Contains("sshd refuses the new config", bad.Stderr);
        Assert.Equal(_sshd.OriginalConfig, File.ReadAllBytes(_sshd.Config));
        Assert.False(Directory.Exists(Path.Combine(_sshd.StateDir, "backups")) && Directory.GetDirectories(Path.Combine(_sshd.StateDir,
            "backups")).Length > 0);

        var usePam = Harden(null, "--set", "UsePAM=no", "--apply", "--yes");
        Assert.Equal(2, usePam.Exit);
        Assert.Contains("UsePAM is never changed", usePam.Stderr);
        Assert.Equal(0, _sshd.PasswordLogin());
    }

    [Fact]
    public void A_port_change_takes_two_confirmed_steps_and_the_old_port_goes_only_in_the_second()
    {
        int oldPort = _sshd.Port, newPort = LoopbackPort.Free();
        string port = $"Port={newPort}";

        var first = Harden(Session("192.0.2.1 50000 127.0.0.1"), "--set", port, "--apply", "--yes", "--reload", "--confirm-timeout", "60");
        Assert.True(first.Exit == 0, first.Stdout + first.Stderr);
        Assert.Contains("step 1 of 2", first.Stderr);
        var listening = VpsTop.Core.Hardening.Apply.SshdListener.ListeningPorts(VpsTop.Core.Platform.SystemRoot.Live, _sshd.Sshd.Id);
        Assert.Contains(oldPort, listening);
        Assert.Contains(newPort, listening);
        Assert.Equal(0, _sshd.KeyLoginOn(newPort));
        Assert.Equal(0, Harden(Session("192.0.2.1 50001 127.0.0.1"), "--confirm").Exit);

        var second = Harden(Session("192.0.2.1 50002 127.0.0.1"), "--set", port, "--apply", "--yes", "--reload", "--confirm-timeout", "60");
        Assert.True(second.Exit == 0, second.Stdout + second.Stderr);
        Assert.Contains("step 2 of 2", second.Stderr);
        listening = VpsTop.Core.Hardening.Apply.SshdListener.ListeningPorts(VpsTop.Core.Platform.SystemRoot.Live, _sshd.Sshd.Id);
        Assert.DoesNotContain(oldPort, listening);
        Assert.Equal(0, _sshd.KeyLoginOn(newPort));
        Assert.NotEqual(0, _sshd.KeyLoginOn(oldPort));
        Assert.Equal(0, Harden(Session("192.0.2.1 50003 127.0.0.1"), "--confirm").Exit);
        Assert.Equal([newPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new VpsTop.Core.Hardening.SshdOracle().Effective(_sshd.Config)!.Get("port"));
    }

    [Fact]
    public void The_plan_names_file_line_risk_and_guards_the_diff_is_unified_and_a_lockout_is_blocked_unless_forced()
    {
        var admin = new Dictionary<string, string>
        {
            ["SUDO_USER"] = _sshd.User,
            ["SSH_CONNECTION"] = $"127.0.0.1 50000 127.0.0.1 {_sshd.Port}"
        };
        var plan = Harden(admin, [.. NoPasswords, "--plan", "--json"]);
        Assert.True(plan.Exit == 0, plan.Stdout + plan.Stderr);
        using (var doc = JsonDocument.Parse(plan.Stdout))
        {
            var item = doc.RootElement.EnumerateArray().Single(i => i.GetProperty("keyword").GetString() == "PasswordAuthentication");
            Assert.Equal("yes", item.GetProperty("current").GetString());
            Assert.Equal("no", item.GetProperty("proposed").GetString());
            Assert.Equal(_sshd.Config, item.GetProperty("file").GetString());
            Assert.True(item.GetProperty("line").GetInt32() > 0);
            Assert.Equal("high", item.GetProperty("risk").GetString());
        }
        var diff = Harden(admin, [.. NoPasswords, "--diff"]);
        Assert.Contains("-PasswordAuthentication yes", diff.Stdout);
        Assert.Contains("+PasswordAuthentication no", diff.Stdout);
        Assert.Contains("@@ -", diff.Stdout);

        // The admin has no key any more: turning passwords off would lock them out.
        File.Delete(Path.Combine(_sshd.Dir, "authorized_keys"));
        var blocked = Harden(admin, [.. NoPasswords, "--apply", "--yes", "--reload"]);
        Assert.True(blocked.Exit == 6, blocked.Stdout + blocked.Stderr);
        Assert.Contains("BLOCK L1", blocked.Stderr);
        Assert.Equal(_sshd.OriginalConfig, File.ReadAllBytes(_sshd.Config));
        Assert.Equal(0, _sshd.PasswordLogin());

        var forced = Harden(admin, [.. NoPasswords, "--apply", "--yes", "--force"]);
        Assert.True(forced.Exit == 0, forced.Stdout + forced.Stderr);
        Assert.Contains("overriding L1", forced.Stderr);
    }

    [Theory]
    [InlineData("backed-up")]
    [InlineData("armed")]
    [InlineData("wrote")]
    [InlineData("tested")]
    public void Killed_at_any_step_the_file_is_old_or_new_and_the_backup_is_intact(string step)
    {
        var crash = new Dictionary<string, string> { ["VPSTOP_TEST_CRASH_AT"] = step };
        var (exit, _, _) = Harden(crash, [.. NoPasswords, "--apply", "--yes", "--no-reload"]);
        Assert.NotEqual(0, exit);
        byte[] now = File.ReadAllBytes(_sshd.Config);
        string text = System.Text.Encoding.UTF8.GetString(now);
        bool old = now.AsSpan().SequenceEqual(_sshd.OriginalConfig);
        bool changed = text.Contains("PasswordAuthentication no", StringComparison.Ordinal) && !text.Contains("PasswordAuthentication yes",
            StringComparison.Ordinal);
        Assert.True(old || changed, text);
        Assert.Empty(Directory.GetFiles(_sshd.Dir, ".sshd_config.vpstop-*")); // no temp file left behind
        string backups = Path.Combine(_sshd.StateDir, "backups");
        string dir = Assert.Single(Directory.GetDirectories(backups));
        Assert.Equal(_sshd.OriginalConfig, File.ReadAllBytes(Path.Combine(dir, "0.bak")));
        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
    }
}
