using System.Diagnostics;
using System.Globalization;

using VpsTop.Tests.Support;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Hardening;

/// <summary>
/// A real sshd on a free 127.0.0.1 port with its own config, host key, pidfile and log, a temp user with a password
/// and a key, and real ssh clients. Never touches /etc/ssh or the machine's sshd; everything (sshd, sessions, the
/// user, files) is removed on dispose, also when the test failed.
/// </summary>
internal sealed class LoopbackSshd : IDisposable
{
    private readonly List<Process> _processes = [];
    private TempUser? _user;

    public LoopbackSshd()
    {
        Dir = Directory.CreateTempSubdirectory("vpstop-harden-").FullName;
        try
        {
            File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
            Port = LoopbackPort.Free();
            Run.Checked("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Dir, "host"));
            Run.Checked("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Key);
            _user = new TempUser("vph", Dir);
            File.Copy(Key + ".pub", Path.Combine(Dir, "authorized_keys"));
            Directory.CreateDirectory("/run/sshd");
            File.WriteAllText(Config, $"""
                # A careless VPS: passwords allowed.
                Port {Port}
                ListenAddress 127.0.0.1
                HostKey {Dir}/host
                PidFile {Dir}/sshd.pid
                UsePAM no
                PasswordAuthentication yes
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                AuthorizedKeysFile {Dir}/authorized_keys
                StrictModes no
                LogLevel VERBOSE

                """);
            OriginalConfig = File.ReadAllBytes(Config);
            Sshd = Start("/usr/sbin/sshd", "-D", "-f", Config, "-E", Log);
            Wait(() => File.Exists(Log) && File.ReadAllText(Log).Contains("Server listening", StringComparison.Ordinal), "sshd listening");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Dir { get; }
    public string User => _user?.Name ?? "";
    public string Password => _user?.Password ?? "";
    public int Port { get; }
    public string Config => Path.Combine(Dir, "sshd_config");
    public string Log => Path.Combine(Dir, "sshd.log");
    public string Key => Path.Combine(Dir, "client");
    public string StateDir => Path.Combine(Dir, "state");
    public byte[] OriginalConfig { get; }
    public Process Sshd { get; }

    /// <summary>One login with the password (keys refused); the exit code: 0 got in, 5 password refused, 255 no connection.</summary>
    public int PasswordLogin() => Ssh(["-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"], "true", Password);

    public int KeyLogin() => KeyLoginOn(Port);

    public int KeyLoginOn(int port) => Ssh(["-o", "PreferredAuthentications=publickey", "-i", Key], "true", null, port);

    /// <summary>A session opened now that runs <paramref name="seconds"/> and then prints "alive".</summary>
    public Process OpenSession(int seconds)
    {
        var p = Start("/usr/bin/ssh", [.. Common(), "-o", "PreferredAuthentications=publickey", "-i", Key, $"{User}@127.0.0.1",
            $"echo started; sleep {seconds.ToString(CultureInfo.InvariantCulture)}; echo alive"], redirect: true);
        Assert.Equal("started", p.StandardOutput.ReadLine());
        return p;
    }

    private string[] Common(int? port = null) => ["-p", (port ?? Port).ToString(CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=5"];

    private int Ssh(string[] options, string command, string? password, int? port = null)
    {
        var args = new List<string>();
        string program = "/usr/bin/ssh";
        if (password is not null)
        {
            program = "/usr/bin/sshpass";
            args.AddRange(["-p", password, "/usr/bin/ssh"]);
        }
        else args.AddRange(["-o", "BatchMode=yes"]);
        args.AddRange(Common(port));
        args.AddRange(options);
        args.Add($"{User}@127.0.0.1");
        args.Add(command);
        return Run.Capture(program, args, TimeSpan.FromSeconds(30)).Exit;
    }

    private Process Start(string file, string[] args, bool redirect = false)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = redirect, RedirectStandardInput = redirect };
        foreach (string a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _processes.Add(p);
        return p;
    }

    private Process Start(string file, params string[] args) => Start(file, args, false);

    public static void Wait(Func<bool> condition, string what, int seconds = 15) =>
        Poll.Until(condition, what, TimeSpan.FromSeconds(seconds));


    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.WaitForExit(2000);
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        // A watchdog of a test that failed half-way: it would restore files in a directory that is about to go.
        foreach (string pid in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))!)
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/cmdline").Contains(StateDir, StringComparison.Ordinal)) Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException) { }
        }
        _user?.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
