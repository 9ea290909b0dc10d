using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Auth;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Auth;

/// <summary>
/// A real /usr/sbin/sshd (OpenSSH 9.2 here) on a spare loopback port with its own config, host key and log
/// (-E, LogLevel VERBOSE), and real ssh clients failing and succeeding, each scenario from its own 127.0.0.x source
/// address (ssh -b). Then the log is parsed and the kinds, fields, per-IP table and alarm are checked.
/// Never touches /etc/ssh or the machine's sshd; the temp user, sshd and temp dir are removed even on failure.
/// </summary>
[Trait("Category", "Root")]
public sealed class RealSshdTests : IDisposable
{
    private readonly RealSshd _sshd = new(new RealSshdOptions
    {
        Name = "vpstop-auth-",
        UserPrefix = "vpa",
        ClientKey = true,
        AllowUsers = ["root"],
        Settings = """
            PasswordAuthentication yes
            PubkeyAuthentication yes
            """,
    });

    private string User => _sshd.User;
    private string Password => _sshd.Password;

    public void Dispose() => _sshd.Dispose();

    [Fact]
    public void ParsesWhatARealSshdLogged()
    {
        string log = _sshd.Log;
        Ssh("127.0.0.2", User, "wrong1");               // failed password
        Ssh("127.0.0.2", User, "wrong2");
        Ssh("127.0.0.2", User, "wrong3");
        Ssh("127.0.0.3", "nosuchuser" + User[3..], "x");    // invalid user
        Ssh("127.0.0.4", "x from 10.9.9.9 port 1", "x");  // hostile user name
        int ok = Ssh("127.0.0.2", User, Password); // success after failures: the alarm
        Assert.True(ok == 0, File.ReadAllText(log));
        Assert.True(SshKey("127.0.0.5") == 0, File.ReadAllText(log)); // key login
        DropAfterBanner("127.0.0.6", _sshd.Port);                   // preauth close
        Ssh("127.0.0.7", User, "x", "-o", "KexAlgorithms=diffie-hellman-group1-sha1"); // Unable to negotiate
        // sshd logs the dropped connection's end when it notices: wait for that line, not just any close (flaked in CI)
        Poll.Until(_sshd.LogText, text => text.Contains("Unable to negotiate")
            && text.Split('\n').Any(l => l.Contains("127.0.0.6 port") && !l.StartsWith("Connection from", StringComparison.Ordinal)),
            "sshd to log the failed negotiation and the end of the dropped connection", describe: text => "the log:\n" + text);

        var events = AuthLogReader.Read(new SystemRoot(_sshd.Dir), "/" + Path.GetFileName(log), DateTimeOffset.UtcNow, bareMessages: true)
            .ToList();
        string Of(AuthEvent e) => $"{e.KindName} {e.User} {e.Ip?.ToDisplayString()} {e.Method}";

        var failed = events.Where(e => e.Kind == AuthEventKind.Failed && e.Ip?.ToString() == "127.0.0.2").ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, e => { Assert.Equal(User, e.User); Assert.Equal("password", e.Method); Assert.InRange(e.Port ?? 0, 1, 65535); });

        Assert.Contains(events, e => e.Kind == AuthEventKind.InvalidUser && e.Ip?.ToString() == "127.0.0.3" && e.User == "nosuchuser"
            + User[3..]);
        var hostile = events.Where(e => e.User == "x from 10.9.9.9 port 1").ToList();
        Assert.NotEmpty(hostile);
        Assert.All(hostile, e => Assert.Equal("127.0.0.4", e.Ip?.ToString()));
        Assert.DoesNotContain(events, e => e.Ip?.ToString() == "10.9.9.9");

        var accepted = events.Where(e => e.Kind == AuthEventKind.Accepted).ToList();
        Assert.Contains(accepted, e => e.Ip?.ToString() == "127.0.0.2" && e.Method == "password" && e.User == User);
        Assert.Contains(accepted, e => e.Ip?.ToString() == "127.0.0.5" && e.Method == "publickey" && e.User == User);
        Assert.Contains(events, e => e.Kind == AuthEventKind.ProtocolError && e.Ip?.ToString() == "127.0.0.7"
            && e.Line.StartsWith("Unable to negotiate", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind is AuthEventKind.PreauthClose or AuthEventKind.Disconnect && e.Ip?.ToString() == "127.0.0.6");
        Assert.DoesNotContain(events, e => e.Line.Contains('\r'));

        var analysis = new AuthAnalysis(new AuthAnalysisOptions { AlarmMinFailures = 3, AlarmWindow = TimeSpan.FromMinutes(10) });
        foreach (var e in events) analysis.Add(e);
        var alarm = Assert.Single(analysis.Alarms);
        Assert.Equal("127.0.0.2", alarm.Source.ToString());
        Assert.Equal("password", alarm.Method);
        Assert.Equal(User, alarm.User);
        Assert.Equal(3, alarm.FailureCount);
        var table = analysis.ByIp.Values.ToDictionary(s => s.Address.ToString());
        Assert.Equal(3, table["127.0.0.2"].Failures);
        Assert.Equal(1, table["127.0.0.2"].Accepted);
        Assert.True(table["127.0.0.2"].Compromised);
        Assert.False(table["127.0.0.5"].Compromised);
        Assert.Equal(0, table["127.0.0.5"].Failures);
        Assert.Contains("x from 10.9.9.9 port 1", table["127.0.0.4"].Users);

        if (Environment.GetEnvironmentVariable("VPSTOP_CAPTURE_AUTH") is string capture) File.Copy(log, capture, overwrite: true);
        _ = events.Select(Of).ToList();
    }

    private int Ssh(string source, string user, string password, params string[] extra) =>
        _sshd.PasswordLogin(user, password, source, extra);

    private int SshKey(string source) => _sshd.KeyLogin(User, source);

    private static void DropAfterBanner(string source, int port)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        s.Connect(IPAddress.Loopback, port);
        s.Send("SSH-2.0-vpstop-test\r\n"u8);
        var buf = new byte[256];
        s.Receive(buf);
        s.Shutdown(SocketShutdown.Both);
    }
}
