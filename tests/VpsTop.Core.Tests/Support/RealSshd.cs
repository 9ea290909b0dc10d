using System.Diagnostics;
using System.Globalization;
using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// The one harness for a real /usr/sbin/sshd of a test's own (-D, LogLevel VERBOSE, UsePAM no): its own config, host
/// key, pidfile and log in a temp directory, on a spare loopback port or in a network namespace, logging to a file
/// or through syslog, with a temp user and a client key when asked, and ssh clients to try it. Ready when it logged
/// "Server listening". Never touches /etc/ssh or the machine's sshd; sshd, its sessions, the namespace holder, the
/// user and the files go on dispose, also when the test failed. Shared by both test projects.
/// </summary>
public sealed class RealSshd : IDisposable
{
    public const string Program = "/usr/sbin/sshd";

    private readonly Children _children = new();
    private readonly bool _ownsDir;
    private SyslogReceiver? _syslog;
    private TempUser? _user;

    public RealSshd(RealSshdOptions? options = null)
    {
        Options = options ?? new RealSshdOptions();
        _ownsDir = Options.Dir is null;
        Dir = Options.Dir ?? Directory.CreateTempSubdirectory(Options.Name).FullName;
        try
        {
            Port = Options.Port ?? LoopbackPort.Free();
            NewKey(HostKey);
            if (Options.UserPrefix is { } prefix)
            {
                // sshd reads authorized_keys as the user: the directory (created 0700 for root) must let it in.
                File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
                _user = new TempUser(prefix, Dir);
            }
            if (Options.ClientKey)
            {
                NewKey(ClientKey);
                File.Copy(ClientKey + ".pub", AuthorizedKeys);
                File.SetUnixFileMode(AuthorizedKeys, (UnixFileMode)0b110_100_100);
            }
            File.WriteAllText(Config, ConfigText());
            SshdOracle.EnsurePrivilegeSeparationDir(create: true);
            Daemon = Options.Logging == SshdLogging.Syslog ? StartLoggingToSyslog() : StartLoggingToFile();
            string listening = $"Server listening on {Options.ListenAddress} port {Port.ToString(CultureInfo.InvariantCulture)}";
            Poll.Until(LogText, text => text.Contains(listening, StringComparison.Ordinal) || Daemon.HasExited,
                $"sshd to log '{listening}'", TimeSpan.FromSeconds(20), text => $"the log:\n{text}");
            Assert.False(Daemon.HasExited, $"sshd exited with {(Daemon.HasExited ? Daemon.ExitCode : 0)}; its log:\n{LogText()}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public RealSshdOptions Options { get; }
    public string Dir { get; }
    public int Port { get; }
    public string Config => Path.Combine(Dir, "sshd_config");
    public string HostKey => Path.Combine(Dir, "host");
    public string ClientKey => Path.Combine(Dir, "client");
    public string AuthorizedKeys => Path.Combine(Dir, "authorized_keys");

    /// <summary>The file sshd's lines land in: its -E file, or the syslog receiver's auth.log.</summary>
    public string Log => Path.Combine(Dir, Options.Logging == SshdLogging.Syslog ? "auth.log" : "sshd.log");

    /// <summary>The listening sshd itself (nsenter execs it, so this is sshd in a namespace too).</summary>
    public Process Daemon { get; }

    public string User => _user?.Name ?? throw new InvalidOperationException("no UserPrefix: this sshd has no temp user");
    public string Password => _user?.Password ?? throw new InvalidOperationException("no UserPrefix: this sshd has no temp user");

    public string LogText() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    /// <summary>An ed25519 key pair without a passphrase at <paramref name="path"/> (and .pub).</summary>
    public static void NewKey(string path, string comment = "vpstop-test") =>
        Run.Checked("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path);

    private string ConfigText()
    {
        var lines = new List<string>
        {
            "# " + Options.Comment,
            $"Port {Port.ToString(CultureInfo.InvariantCulture)}",
            $"ListenAddress {Options.ListenAddress}",
            $"HostKey {HostKey}",
            $"PidFile {Path.Combine(Dir, "sshd.pid")}",
            "UsePAM no",
            "LogLevel VERBOSE",
        };
        if (Options.Logging == SshdLogging.Syslog) lines.Add("SyslogFacility AUTH");
        if (Options.ClientKey) lines.AddRange([$"AuthorizedKeysFile {AuthorizedKeys}", "StrictModes no"]);
        if (Options.AllowUsers is { } allowed) lines.Add("AllowUsers " + string.Join(' ', [User, .. allowed]));
        return string.Join('\n', lines) + "\n" + Options.Settings.Trim('\n') + "\n\n";
    }

    private Process StartLoggingToFile()
    {
        string[] sshd = [Program, "-D", "-f", Config, "-E", Log];
        return Options.NetworkNamespace is { } ns
            ? _children.StartNoWait("/usr/sbin/ip", ["netns", "exec", ns, .. sshd])
            : _children.Start(sshd[0], sshd[1..]);
    }

    private Process StartLoggingToSyslog()
    {
        _syslog = new SyslogReceiver(Path.Combine(Dir, "devlog"), Log, Options.SyslogHost);
        string holder = StartMountNamespace().ToString(CultureInfo.InvariantCulture);
        string upper = Directory.CreateDirectory(Path.Combine(Dir, "dev-upper")).FullName;
        string work = Directory.CreateDirectory(Path.Combine(Dir, "dev-work")).FullName;
        File.WriteAllBytes(Path.Combine(upper, "log"), []); // the mount point for the socket, only in the overlay
        Run.Checked("/usr/bin/nsenter", "-t", holder, "-m", "/usr/bin/mount", "-t", "overlay", "overlay",
            "-o", $"lowerdir=/dev,upperdir={upper},workdir={work}", "/dev");
        Run.Checked("/usr/bin/nsenter", "-t", holder, "-m", "/usr/bin/mount", "--bind", _syslog.SocketPath, "/dev/log");
        // The holder sits in the network namespace too, if any: enter both.
        string[] enter = Options.NetworkNamespace is null ? ["-t", holder, "-m"] : ["-t", holder, "-m", "-n"];
        return _children.StartNoWait("/usr/bin/nsenter", [.. enter, Program, "-D", "-f", Config]);
    }

    /// <summary>A process holding a private mount namespace for sshd; its PID once it has unshared.</summary>
    private int StartMountNamespace()
    {
        string[] unshare = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/usr/bin/sleep", "infinity"];
        Process holder = Options.NetworkNamespace is { } ns
            ? _children.StartNoWait("/usr/sbin/ip", ["netns", "exec", ns, .. unshare])
            : _children.StartNoWait(unshare[0], unshare[1..]);
        string ours = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
        string proc = $"/proc/{holder.Id}";
        Poll.Until(() => (Namespace: new FileInfo($"{proc}/ns/mnt").LinkTarget, Comm: File.ReadAllText($"{proc}/comm").Trim()),
            seen => seen.Namespace != ours && seen.Comm == "sleep", "the namespace holder to unshare and run sleep");
        return holder.Id;
    }

    /// <summary>What every ssh client of these tests passes: this port, no host key checks, one prompt, a short timeout.</summary>
    public string[] SshOptions(int? port = null) =>
        ["-p", (port ?? Port).ToString(CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=no",
         "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=5"];

    /// <summary>One login with a password (keys not offered) from <paramref name="source"/> (ssh -b), running true. The
    /// exit code: 0 got in, 5 password refused, 255 no connection.</summary>
    public int PasswordLogin(string user, string password, string source = "127.0.0.1", params string[] options) =>
        Run.ExitCode("/usr/bin/sshpass", ["-p", password, "/usr/bin/ssh", "-b", source, .. SshOptions(), "-o", "PubkeyAuthentication=no",
            "-o", "PreferredAuthentications=password", .. options, "-l", user, Options.ListenAddress, "true"]);

    /// <summary>One login with the client key only, running true; the exit code (0: got in).</summary>
    public int KeyLogin(string user, string source = "127.0.0.1", int? port = null) =>
        Run.ExitCode("/usr/bin/ssh", ["-b", source, .. SshOptions(port), "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey",
            "-o", "IdentitiesOnly=yes", "-i", ClientKey, "-l", user, Options.ListenAddress, "true"]);

    public void Dispose()
    {
        // sshd and its sessions first, then the namespace holder: the mounts go with the namespace.
        _children.Dispose();
        _syslog?.Dispose();
        _user?.Dispose();
        if (_ownsDir)
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
