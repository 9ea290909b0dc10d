using System.Text;
using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class SshdConfigDocumentTests
{
    private static byte[] DebianBytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sshd",
        "debian12-sshd_config"));

    /// <summary>CRLF and LF mixed, '=' forms, tabs, both quote kinds, escapes, trailing comments, odd case,
    /// a lone '\r' inside a comment, a non-UTF-8 byte in a comment, no final newline.</summary>
    private const string Nasty =
        "# nasty\r\n" +
        "\tpermitROOTlogin=No\r\n" +
        "MaxAuthTries = 3 # trailing comment\n" +
        "x11FORWARDING   NO\n" +
        "  Banner \"/etc/my banner\"\n" +
        "AcceptEnv 'LC_*' LANG\\ X\n" +
        "AllowUsers alice bob#notacomment\n" +
        "# comment with \r inside\n" +
        "\n" +
        "   \t\n" +
        "ClientAliveInterval 5m\n" +
        "LogLevel verbose";

    [Fact]
    public void DebianShippedFileRoundTripsByteForByte()
    {
        byte[] bytes = DebianBytes();
        var doc = SshdConfigDocument.Parse(bytes, "/etc/ssh/sshd_config");
        Assert.Equal(bytes, doc.ToBytes());
        Assert.Equal(Encoding.UTF8.GetString(bytes), doc.ToString());
        var directives = doc.Lines.Where(l => l.IsDirective).Select(l => l.Keyword!).ToArray();
        Assert.Equal(["Include", "KbdInteractiveAuthentication", "UsePAM", "X11Forwarding", "PrintMotd", "AcceptEnv", "Subsystem"],
            directives);
        Assert.Equal(["sftp", "/usr/lib/openssh/sftp-server"], doc.Lines.Single(l => l.Is("subsystem")).Args);
    }

    [Fact]
    public void NastyFileRoundTripsAndTokenizesLikeSshd()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Nasty.Replace("# comment with", "# \u00e9 comment with", StringComparison.Ordinal)),
            .. new byte[] { 0x0a, 0x23, 0xff, 0xfe }];
        var doc = SshdConfigDocument.Parse(bytes, "/etc/ssh/sshd_config");
        Assert.Equal(bytes, doc.ToBytes());
        var fromString = SshdConfigDocument.Parse(Nasty, "/x");
        Assert.Equal(Nasty, fromString.ToString());

        SshdConfigLine Line(string k) => doc.Lines.Single(l => l.Is(k));
        Assert.Equal("permitROOTlogin", Line("PermitRootLogin").Keyword);
        Assert.Equal(["No"], Line("PermitRootLogin").Args);
        Assert.Equal("\r\n", Line("PermitRootLogin").Ending);
        Assert.Equal(["3"], Line("MaxAuthTries").Args);
        Assert.Equal(["/etc/my banner"], Line("Banner").Args);
        Assert.Equal(["LC_*", "LANG X"], Line("AcceptEnv").Args);
        Assert.Equal(["alice", "bob#notacomment"], Line("AllowUsers").Args);
        Assert.Equal("", doc.Lines[^1].Ending);
        Assert.Equal(SshdLineKind.Comment, doc.Lines[^1].Kind);
    }

    [Fact]
    public void TokenizerAgreesWithRealSshdOnTheNastyFile()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\n" + Nasty + "\n");
        var tree = box.Load();
        var ours = EffectiveConfig.Compute(tree);
        SshdT sshd = box.Effective(tree);
        Assert.Empty(SshdOracle.Disagreements(ours, sshd));
        // The values our tokenizer read are the ones sshd printed.
        Assert.Equal("no", sshd.Value("permitrootlogin"));
        Assert.Equal("3", sshd.Value("maxauthtries"));
        Assert.Equal("/etc/my banner", sshd.Value("banner"));
        Assert.Equal(["LC_*", "LANG X"], sshd.Get("acceptenv"));
        Assert.Equal(["alice", "bob#notacomment"], sshd.Get("allowusers"));
        Assert.Equal("300", sshd.Value("clientaliveinterval"));
        Assert.Equal("VERBOSE", sshd.Value("loglevel"));
        Assert.Equal("no", ours.Value("x11forwarding")?.ToLowerInvariant());
        Assert.True(ours.Get("acceptenv")!.Values.SequenceEqual(sshd.Get("acceptenv")!));
    }

    [Fact]
    public void InvalidLinesAreKnownAndStillRoundTrip()
    {
        const string text = "PermitRootLogin\nBanner \"/etc/issue.net\nMaxAuthTries 3\n";
        var doc = SshdConfigDocument.Parse(text, "/x");
        Assert.Equal(text, doc.ToString());
        Assert.Equal(SshdLineKind.Invalid, doc.Lines[0].Kind);
        Assert.Contains("no argument", doc.Lines[0].Error);
        Assert.Equal("invalid quotes", doc.Lines[1].Error);
        Assert.Equal(SshdLineKind.Directive, doc.Lines[2].Kind);
    }

    [Fact]
    public void EditsKeepIndentationKeywordSpellingSeparatorCommentAndEnding()
    {
        var doc = SshdConfigDocument.Parse(Nasty, "/x");
        int root = doc.Lines.IndexOf(doc.Lines.Single(l => l.Is("PermitRootLogin")));
        int tries = doc.Lines.IndexOf(doc.Lines.Single(l => l.Is("MaxAuthTries")));

        var edited = doc.WithValue(root, ["prohibit-password"]).WithValue(tries, ["4"]);
        Assert.Equal("\tpermitROOTlogin=prohibit-password\r\n", edited.Lines[root].Raw + edited.Lines[root].Ending);
        Assert.Equal("MaxAuthTries = 4 # trailing comment\n", edited.Lines[tries].Raw + edited.Lines[tries].Ending);
        Assert.Equal(Nasty, doc.ToString()); // the original is untouched

        var quoted = doc.WithValue(doc.Lines.IndexOf(doc.Lines.Single(l => l.Is("Banner"))), ["/etc/a \"b\""]);
        Assert.Equal(["/etc/a \"b\""], quoted.Lines.Single(l => l.Is("Banner")).Args);

        var commented = doc.CommentOut(root);
        Assert.Equal("\t# permitROOTlogin=No\r\n", commented.Lines[root].Raw + commented.Lines[root].Ending);
        Assert.Equal(SshdLineKind.Comment, commented.Lines[root].Kind);

        // Appending to a file without a final newline ends the last line first; the new line gets LF (LF dominant).
        var appended = doc.Append("PasswordAuthentication", ["no"]);
        Assert.Equal(Nasty + "\nPasswordAuthentication no\n", appended.ToString());

        var crlf = SshdConfigDocument.Parse("A 1\r\nMatch User x\r\n  B 2\r\n", "/y").InsertBefore(1, "PasswordAuthentication", ["no"]);
        Assert.Equal("A 1\r\nPasswordAuthentication no\r\nMatch User x\r\n  B 2\r\n", crlf.ToString());
        Assert.Equal([0, 0, 1, 1], crlf.Lines.Select(l => l.MatchBlock));
    }
}
