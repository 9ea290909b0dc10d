using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Hardening.Plan;

public sealed class AuthorizedKeysTests
{
    [Theory]
    [InlineData("rsa", 2048)]
    [InlineData("rsa", 3072)]
    [InlineData("ed25519", null)]
    public void KeySizeAndTypeAgreeWithSshKeygen(string type, int? bits)
    {
        using var s = new PlanSandbox();
        string line = s.NewKey(type, bits);
        var parsed = AuthorizedKeys.Parse("restrict,command=\"uptime -p\" " + line);
        Assert.NotNull(parsed);
        // ssh-keygen -lf prints "<bits> SHA256:… comment (RSA)"; the first field is the size.
        string listed = Lf(s.PubFileOf(line));
        int keygenBits = int.Parse(listed.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(type == "rsa" ? "ssh-rsa" : "ssh-ed25519", parsed.Value.Type);
        Assert.Equal(type == "rsa" ? keygenBits : null, parsed.Value.RsaBits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ssh-ed25519 \u0000\u202e%n%s")]
    [InlineData("command=\"unterminated ssh-ed25519 AAAA")]
    public void NonKeysAreNotKeys(string line) => Assert.Null(AuthorizedKeys.Parse(line));

    private static string Lf(string file)
    {
        return Run.Checked("/usr/bin/ssh-keygen", "-lf", file).Trim();
    }
}
