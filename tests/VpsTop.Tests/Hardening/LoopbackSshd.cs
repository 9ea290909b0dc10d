using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Hardening;

/// <summary>
/// The careless VPS the harden tests fix: a <see cref="RealSshd"/> on loopback that allows passwords, a temp user with
/// a password and a key, and a state directory for vpstop harden. A watchdog a failed test left behind is stopped on
/// dispose, before its directory goes.
/// </summary>
internal sealed class LoopbackSshd : IDisposable
{
    private readonly RealSshd _sshd = new(new RealSshdOptions
    {
        Name = "vpstop-harden-",
        UserPrefix = "vph",
        ClientKey = true,
        Comment = "A careless VPS: passwords allowed.",
        Settings = """
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            """,
    });
    private readonly Children _sessions = new();

    public LoopbackSshd() => OriginalConfig = File.ReadAllBytes(Config);

    public string Dir => _sshd.Dir;
    public string User => _sshd.User;
    public int Port => _sshd.Port;
    public string Config => _sshd.Config;
    public string StateDir => Path.Combine(Dir, "state");
    public byte[] OriginalConfig { get; }
    public Process Sshd => _sshd.Daemon;

    /// <summary>One login with the password (keys refused); the exit code: 0 got in, 5 password refused, 255 no connection.</summary>
    public int PasswordLogin() => _sshd.PasswordLogin(User, _sshd.Password);

    public int KeyLogin() => KeyLoginOn(Port);

    public int KeyLoginOn(int port) => _sshd.KeyLogin(User, port: port);

    /// <summary>A session opened now that runs <paramref name="seconds"/> and then prints "alive".</summary>
    public Process OpenSession(int seconds)
    {
        var start = new ProcessStartInfo("/usr/bin/ssh") { RedirectStandardOutput = true, RedirectStandardInput = true };
        string command = $"echo started; sleep {seconds.ToString(CultureInfo.InvariantCulture)}; echo alive";
        string[] args = [.. _sshd.SshOptions(), "-o", "PreferredAuthentications=publickey", "-i", _sshd.ClientKey, $"{User}@127.0.0.1",
            command];
        foreach (string a in args) start.ArgumentList.Add(a);
        var p = _sessions.Start(start);
        Assert.Equal("started", p.StandardOutput.ReadLine());
        return p;
    }

    public static void Wait(Func<bool> condition, string what, int seconds = 15) =>
        Poll.Until(condition, what, TimeSpan.FromSeconds(seconds));

    public void Dispose()
    {
        _sessions.Dispose();
        // A watchdog of a test that failed half-way: it would restore files in a directory that is about to go.
        foreach (string pid in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))!)
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/cmdline").Contains(StateDir,
                    StringComparison.Ordinal)) Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException) { }
        }
        _sshd.Dispose();
    }
}
