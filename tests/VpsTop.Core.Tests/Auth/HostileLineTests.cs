using System.Text;
using VpsTop.Core.Auth;

namespace VpsTop.Core.Tests.Auth;

/// <summary>Attacker text in the line: nothing throws, nothing is attributed to an IP the attacker wrote.</summary>
public sealed class HostileLineTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AuthLineParser Parser = new(TimeZoneInfo.Utc);

    [Theory]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Invalid user x from 10.9.9.9 port 1 from 203.0.113.5 port 4444", "x from 10.9.9.9 port 1",
        "203.0.113.5", 4444)]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Failed password for invalid user x from 10.9.9.9 port 1 ssh2 from 203.0.113.5 port 4444 ssh2",
        "x from 10.9.9.9 port 1 ssh2", "203.0.113.5", 4444)]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Connection closed by invalid user x 10.9.9.9 port 1 203.0.113.5 port 4444 [preauth]",
        "x 10.9.9.9 port 1", "203.0.113.5", 4444)]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Disconnecting invalid user a: b 10.9.9.9 port 1: c 203.0.113.5 port 4444: Too many "
        + "authentication failures [preauth]", null, null, null)]
    public void InjectedAddressesAreNotAttributed(string line, string? user, string? ip, int? port)
    {
        AuthEvent e = Parser.Parse(line, Now)!;
        Assert.NotEqual("10.9.9.9", e.Ip?.ToDisplayString());
        if (user is not null)
        {
            Assert.Equal(user, e.User);
            Assert.Equal(ip, e.Ip?.ToDisplayString());
            Assert.Equal(port, e.Port);
        }
    }

    [Fact]
    public void KeyInfoWithAFakeFromDoesNotMoveTheAddress()
    {
        // a certificate key id is attacker text on the right: the well-formed tail decides which "from" is sshd's
        AuthEvent e =
            Parser.Parse("Jun  1 10:00:00 h sshd[5]: Accepted publickey for bob from 203.0.113.5 port 4444 ssh2: ED25519-CERT "
                + "SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA ID x from 10.9.9.9 port 1 ssh2 "
            + "(serial 1) CA ED25519 SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA", Now)!;
        Assert.Equal("bob", e.User);
        Assert.Equal("203.0.113.5", e.Ip?.ToDisplayString());
    }

    [Theory]
    [InlineData("192.030.0.6")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("example.com")]
    [InlineData("1.2.3.04")]
    [InlineData("::ffff:1.2.3.09")]
    public void WeirdAddressesAreRejected(string text) => Assert.False(AuthAddress.TryParse(text, out _));

    [Fact]
    public void MappedAndZonedAddressesFold()
    {
        Assert.True(AuthAddress.TryParse("::ffff:198.51.100.7", out var a));
        Assert.Equal("198.51.100.7", a.ToString());
        Assert.True(AuthAddress.TryParse("fe80::1%eth0", out a));
        Assert.Equal("fe80::1", a.ToString());
    }

    [Theory]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Invalid user \u001b[31mred\u001b[0m from 203.0.113.5 port 1")]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Invalid user \u202eevil\u202c from 203.0.113.5 port 1")]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Invalid user \\033[2J from 203.0.113.5 port 1")]
    [InlineData("Jun  1 10:00:00 h sshd[5]: Invalid user \uFFFD\uFFFD from 203.0.113.5 port 1")]
    public void EscapesAndBidiStayInTheRawFields(string line)
    {
        AuthEvent e = Parser.Parse(line, Now)!;
        Assert.Equal(AuthEventKind.InvalidUser, e.Kind);
        Assert.Equal("203.0.113.5", e.Ip?.ToDisplayString());
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void TruncatedLinesNeverThrow()
    {
        string[] lines =
        [
            "Jun  1 10:00:00 h sshd[5]: Failed password for root from 203.0.113.5 port 4444 ssh2: ED25519 "
                + "SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA",
            "Jun  1 10:00:00 h sshd[5]: Disconnecting authenticating user root 203.0.113.5 port 4444: Too many authentication failures "
                + "[preauth]",
            "Jun  1 10:00:00 h sshd[5]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
            "Oct 20 08:54:36 quasar sshd[59756]: drop connection #0 from [1.2.3.4]:48602 on [1.1.1.1]:22 penalty: exceeded LoginGraceTime",
            "<38>1 2024-05-01T08:15:23.123456+02:00 vps sshd-session 4242 - [meta x=\"a \\] b\"] Invalid user bob from 203.0.113.5 port 22",
            "Oct 20 08:54:36 quasar sshd[812]: Timeout before authentication for connection from 203.0.113.7 to 198.51.100.1, pid = 4242",
        ];
        int parsed = 0;
        foreach (string line in lines)
            for (int n = 0; n <= line.Length; n++)
            {
                AuthEvent? e = Parser.Parse(line[..n], Now);
                if (e is null) continue;
                parsed++;
                Assert.NotEqual("1.2.3.40", e.Ip?.ToDisplayString());
            }
        Assert.True(parsed > 100);
    }

    [Fact]
    public void HugeLineAndInvalidUtf8AreRead()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("Jun  1 10:00:00 h sshd[5]: Invalid user "));
        bytes.AddRange(Enumerable.Repeat((byte)'A', 1_000_000));
        bytes.AddRange(new byte[] { 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80 });
        bytes.AddRange(Encoding.ASCII.GetBytes(" from 203.0.113.5 port 9\r\nJun  1 10:00:01 h sshd[5]: Connection closed by 203.0.113.5 "
            + "port 9 [preauth]\r\n"));
        bytes.AddRange(new byte[] { 0xfe, 0xfe, (byte)'\n' });
        var events = AuthLogReader.Read(new MemoryStream(bytes.ToArray()), Now, TimeZoneInfo.Utc).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(AuthEventKind.InvalidUser, events[0].Kind);
        Assert.Equal("203.0.113.5", events[0].Ip?.ToDisplayString());
        Assert.Contains('\uFFFD', events[0].User!);
        Assert.Equal(AuthEventKind.PreauthClose, events[1].Kind);
        Assert.DoesNotContain('\r', events[1].Line);
    }
}
