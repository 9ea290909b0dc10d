using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

/// <summary>Lines hand-written from the research notes' quoted real lines (docs/…/authlog.md §8, §11) for OpenSSH
/// versions not installed here: 6.x/7.x LabSZ forms, 8.x/9.x, 9.8+ sshd-session and listener lines, 10.x.</summary>
public sealed class SshdMessageParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AuthLineParser Parser = new(TimeZoneInfo.Utc);

    private static AuthEvent P(string line) => Parser.Parse(line, Now) ?? throw new Xunit.Sdk.XunitException("not an sshd line: " + line);

    [Theory]
    // kind, user, ip, port, method, line
    [InlineData("failed", "root", "192.168.1.2", 51182, "password",
        "Apr  6 18:51:41 eve sshd[2784424]: Failed password for invalid user root from 192.168.1.2 port 51182 ssh2")]
    [InlineData("failed", "0", "5.188.10.180", 49811, "none",
        "Dec 10 08:24:40 LabSZ sshd[24363]: Failed none for invalid user 0 from 5.188.10.180 port 49811 ssh2")]
    [InlineData("invalid_user", "pascal5", "192.168.1.3", 53502, null,
        "Feb 12 14:10:24 sd-126005 sshd-session[16379]: Invalid user pascal5 from 192.168.1.3 port 53502")]
    [InlineData("invalid_user", "webmaster", "173.234.31.186", null, null,
        "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186")]
    [InlineData("max_attempts", "nonexistentuser123", "127.0.0.1", 56876, null,
        "Sep  4 23:15:41 uptimekuma sshd[1714650]: error: maximum authentication attempts exceeded for invalid user nonexistentuser123 "
            + "from 127.0.0.1 port 56876 ssh2 [preauth]")]
    [InlineData("max_attempts", "nonexistentuser123", "127.0.0.1", 56876, null,
        "Sep  4 23:15:41 uptimekuma sshd[1714650]: Disconnecting invalid user nonexistentuser123 127.0.0.1 port 56876: Too many "
            + "authentication failures [preauth]")]
    [InlineData("failed", "root", "5.36.59.76", 42393, "password",
        "Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]")]
    [InlineData("refused", "root", "192.168.1.1", null, null,
        "2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: User root from 192.168.1.1 not allowed because not listed in AllowUsers")]
    [InlineData("refused", null, "192.168.1.1", null, null,
        "Dec 16 14:10:24 myhost sshd[16379]: refused connect from example.com (192.168.1.1)")]
    [InlineData("preauth_close", "root", "206.81.24.125", 45362, null,
        "Aug 03 21:39:20 hostname sshd[69420]: Connection closed by invalid user root 206.81.24.125 port 45362 [preauth]")]
    [InlineData("preauth_close", "root", "80.94.92.63", 49115, null,
        "Feb 8 17:15:01 hostname sshd[1478159]: Connection reset by authenticating user root 80.94.92.63 port 49115 [preauth]")]
    [InlineData("preauth_close", null, "118.27.24.104", 58574, null,
        "Nov 19 22:22:50 vpscheap.redacted.com sshd[60259]: Connection closed by 118.27.24.104 port 58574 [preauth]")]
    [InlineData("preauth_close", null, "173.234.31.186", null, null,
        "Dec 10 06:55:48 LabSZ sshd[24200]: Connection closed by 173.234.31.186 [preauth]")]
    [InlineData("preauth_close", "lko", "27.150.20.230", 41192, null,
        "Jan 09 23:53:17 mail.xyz.org sshd[100725]: Disconnected from invalid user lko 27.150.20.230 port 41192 [preauth]")]
    [InlineData("preauth_close", null, "52.80.34.196", null, null,
        "Dec 10 07:07:45 LabSZ sshd[24206]: Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]")]
    [InlineData("preauth_close", null, "103.99.0.122", null, null,
        "Dec 10 09:11:22 LabSZ sshd[24439]: error: Received disconnect from 103.99.0.122: 14: No more user authentication methods "
            + "available. [preauth]")]
    [InlineData("protocol_error", null, "59.91.122.57", 34388, null,
        "Dec  1 18:59:33 hostname sshd[1189573]: banner exchange: Connection from 59.91.122.57 port 34388: invalid format")]
    [InlineData("protocol_error", null, "192.168.9.213", 48680, null,
        "Jul  2 11:32:16 instance-20240401-2335 sshd[309785]: ssh_dispatch_run_fatal: Connection from 192.168.9.213 port 48680: message "
            + "authentication code incorrect [preauth]")]
    [InlineData("protocol_error", null, "206.189.59.169", 34386, null,
        "Jun  7 04:07:10 server sshd[1941162]: Unable to negotiate with 206.189.59.169 port 34386: no matching host key type found. Their "
            + "offer: ssh-rsa,ssh-dss [preauth]")]
    [InlineData("timeout", null, "192.168.9.212", 47056, null,
        "Jul  1 09:30:56 usbkey sshd[8807]: fatal: Timeout before authentication for 192.168.9.212 port 47056")]
    [InlineData("penalty", null, "1.2.3.4", 48602, null,
        "Oct 20 08:54:36 quasar sshd[59756]: drop connection #0 from [1.2.3.4]:48602 on [1.1.1.1]:22 penalty: exceeded LoginGraceTime")]
    [InlineData("protocol_error", null, null, null, null,
        "Dec 10 11:03:53 LabSZ sshd[25457]: fatal: Write failed: Connection reset by peer [preauth]")]
    [InlineData("accepted", "vagrant", "192.168.121.1", 56296, "publickey",
        "Sep  6 09:57:21 bullseye sshd[581]: Accepted publickey for vagrant from 192.168.121.1 port 56296 ssh2: RSA "
            + "SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA")]
    [InlineData("accepted", "test", "192.168.121.1", 43124, "password",
        "Sep  6 10:00:56 bullseye sshd[12032]: Accepted password for test from 192.168.121.1 port 43124 ssh2")]
    [InlineData("postponed", "outis", "192.168.1.4", 55584, "keyboard-interactive",
        "Dec 21 20:02:19 enigma sshd[128449]: Postponed keyboard-interactive for outis from 192.168.1.4 port 55584 ssh2 [preauth]")]
    [InlineData("session_opened", "fztu", null, null, null,
        "Dec 10 09:32:20 LabSZ sshd[24680]: pam_unix(sshd:session): session opened for user fztu by (uid=0)")]
    [InlineData("disconnect", null, "119.137.62.142", null, null,
        "Dec 10 09:45:06 LabSZ sshd[24761]: Received disconnect from 119.137.62.142: 11: disconnected by user")]
    [InlineData("disconnect", null, "1.2.3.4", 60058, null,
        "Dec  1 06:25:27 server sshd[19471]: Received disconnect from 1.2.3.4 port 60058:11: disconnected by user")]
    [InlineData("disconnect", null, "1.2.3.4", 60058, null, "Dec  1 06:25:27 server sshd[19471]: Disconnected from 1.2.3.4 port 60058")]
    [InlineData("session_closed", "ansible", "192.168.1.1", 34928, null,
        "Jun 29 16:53:37 my-vps sshd[3685002]: Close session: user ansible from 192.168.1.1 port 34928 id 0")]
    [InlineData("pam_failure", null, null, null, null,
        "Dec 10 07:07:38 LabSZ sshd[24206]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
            + "rhost=ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn ")]
    [InlineData("pam_failure", "root", null, null, null,
        "Dec 10 07:13:56 LabSZ sshd[24227]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
            + "rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root")]
    [InlineData("pam_failure", null, "218.188.2.4", null, null,
        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 "
        + "tty=NODEVssh ruser= rhost=218.188.2.4 ")]
    [InlineData("pam_failure", "plop", "10.11.12.13", null, null,
        "2020-05-29T11:28:56.058908+02:00 bastion sshd[20974] error: PAM: Authentication error for illegal user plop from 10.11.12.13")]
    [InlineData("invalid_user", "git", "185.52.1.9", 35968, null,
        "2018-12-20 10:09:05.180218+0000 localhost sshd[67566]: Invalid user git from 185.52.1.9 port 35968")]
    [InlineData("invalid_user", "admin", "192.168.2.2", null, null,
        "Jun 20 02:18:39 vps auth.info sshd[13482]: Invalid user admin from 192.168.2.2")]
    [InlineData("invalid_user", "www", "139.59.34.17", 51066, null,
        "May 9 11:11:17 sshd[30876]: Invalid user www from 139.59.34.17 port 51066")]
    [InlineData("invalid_user", "admin", "1.2.3.4", null, null,
        "Jan  1 00:00:00 <10.5> foxtrot sshd[1234]: Invalid user admin from 1.2.3.4")]
    [InlineData("other", null, null, null, null,
        "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - "
            + "POSSIBLE BREAK-IN ATTEMPT!")]
    // 9.8+ listener and session lines, hand-written from the source formats quoted in §7/§8
    [InlineData("timeout", null, "203.0.113.7", null, null,
        "Oct 20 08:54:36 quasar sshd[812]: Timeout before authentication for connection from 203.0.113.7 to 198.51.100.1, pid = 4242")]
    [InlineData("refused", "bob", "203.0.113.8", 40000, null,
        "Oct 20 08:54:36 quasar sshd-session[4243]: administratively prohibited connection for invalid user "
        + "bob from 203.0.113.8 port 40000")]
    [InlineData("refused", "root", "203.0.113.9", 40001, null,
        "Oct 20 08:54:36 quasar sshd-session[4244]: ROOT LOGIN REFUSED FROM 203.0.113.9 port 40001 [preauth]")]
    [InlineData("protocol_error", null, "2001:db8::5", 40002, null,
        "Oct 20 08:54:36 quasar sshd-session[4245]: banner exchange: Connection from 2001:db8::5 port 40002: invalid format [preauth]")]
    [InlineData("accepted", "alice", "198.51.100.20", 50000, "publickey",
        "Oct 20 08:54:36 quasar sshd-session[4246]: Accepted publickey for alice from ::ffff:198.51.100.20 port 50000 ssh2: ED25519 "
            + "SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA")]
    [InlineData("penalty", null, null, null, null,
        "Oct 20 08:54:36 quasar sshd[812]: srclimit_penalise: ipv4: new 1.2.3.4/32 active penalty of 30.000 seconds for penalty: failed "
            + "authentication")]
    public void ParsesKnownFamilies(string kind, string? user, string? ip, int? port, string? method, string line)
    {
        AuthEvent e = P(line);
        Assert.Equal(kind, e.KindName);
        Assert.Equal(user, e.User);
        Assert.Equal(ip, e.Ip?.ToDisplayString());
        Assert.Equal(port, e.Port);
        Assert.Equal(method, e.Method);
        Assert.Equal(line, e.Line);
        Assert.False(e.Verified);
    }

    [Fact]
    public void RepeatedAndPamCountsMultiply()
    {
        Assert.Equal(5, P("Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: "
            + "[ Failed password for root from 5.36.59.76 port 42393 ssh2]").Count);
        Assert.Equal(5,
            P("Dec 10 07:13:56 LabSZ sshd[24227]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
                + "rhost=5.36.59.76  user=root").Count);
    }

    [Fact]
    public void ListenerTimeoutNamesTheSessionPid()
    {
        AuthEvent e = P("Oct 20 08:54:36 quasar sshd[812]: Timeout before authentication for connection "
            + "from 203.0.113.7 to 198.51.100.1, pid = 4242");
        Assert.Equal(4242, e.Pid);
    }

    [Fact]
    public void OtherProgramsAreNotSshdLines()
    {
        Assert.Null(Parser.Parse("Dec 10 09:32:20 LabSZ systemd-logind[1]: New session 5 of user fztu.", Now));
        Assert.Null(Parser.Parse("Dec 10 09:32:20 LabSZ CRON[1]: Failed password for root from 1.2.3.4 port 1 ssh2", Now));
    }

    [Fact]
    public void JournalFieldsNeedNoPrefix()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1720707560653);
        AuthEvent e = AuthLineParser.FromFields("Invalid user pascal5 from 192.168.1.3 port 53502", 998915, time, "sshd-session",
            verified: true);
        Assert.Equal(AuthEventKind.InvalidUser, e.Kind);
        Assert.Equal("192.168.1.3", e.Ip?.ToDisplayString());
        Assert.Equal(998915, e.Pid);
        Assert.True(e.Verified);
    }
}
