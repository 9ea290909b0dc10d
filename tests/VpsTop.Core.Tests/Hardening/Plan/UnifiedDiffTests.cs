using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Hardening.Plan;

/// <summary>UnifiedDiff against the real diff -u on the same two files (headers compared without timestamps).</summary>
public sealed class UnifiedDiffTests
{
    public static TheoryData<string, string> Pairs()
    {
        string many = string.Concat(Enumerable.Range(1, 40).Select(i => $"line {i}\n"));
        return new TheoryData<string, string>
        {
            { "a\nb\nc\n", "a\nB\nc\n" },
            { many, many.Replace("line 2\n", "", StringComparison.Ordinal).Replace("line 9\n", "line 9\nnew\n",
                StringComparison.Ordinal).Replace("line 30\n", "thirty\n", StringComparison.Ordinal) },
            { many, "top\n" + many + "bottom\n" },
            { "x\ny", "x\ny\n" },
            { "x\ny\n", "x\nz" },
            { "PasswordAuthentication yes\n", "# PasswordAuthentication yes\n" },
            { "", "only\n" },
            { "gone\n", "" },
        };
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MatchesDiffU(string oldText, string newText)
    {
        string dir = Directory.CreateTempSubdirectory("vpstop-diff-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "old"), oldText);
            File.WriteAllText(Path.Combine(dir, "new"), newText);
            string expected = DiffU(Path.Combine(dir, "old"), Path.Combine(dir, "new"));
            string ours = UnifiedDiff.Between("/etc/ssh/sshd_config", oldText, newText).ToText();
            string[] e = expected.Split('\n'), o = ours.Split('\n');
            Assert.StartsWith("--- ", e[0], StringComparison.Ordinal);
            Assert.Equal("--- a/etc/ssh/sshd_config", o[0]);
            Assert.Equal("+++ b/etc/ssh/sshd_config", o[1]);
            Assert.Equal(e.Skip(2), o.Skip(2));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void NewFileComesFromDevNull()
    {
        var diff = UnifiedDiff.Between("/etc/ssh/sshd_config.d/00-vpstop.conf", null, "# Managed by VpsTop\nPermitRootLogin no\n");
        Assert.Equal("--- /dev/null\n+++ b/etc/ssh/sshd_config.d/00-vpstop.conf\n@@ -0,0 +1,2 @@\n+# Managed by VpsTop\n+PermitRootLogin "
            + "no\n", diff.ToText());
        Assert.All(Assert.Single(diff.Hunks).Lines, l => Assert.Equal(DiffLineKind.Added, l.Kind));
    }

    [Fact]
    public void EqualTextsHaveNoHunks() => Assert.Empty(UnifiedDiff.Between("/f", "same\n", "same\n").Hunks);

    private static string DiffU(string a, string b)
    {
        var (exit, output, _) = Run.Capture("/usr/bin/diff", "-u", a, b);
        Assert.Equal(1, exit); // the files differ
        return output;
    }
}
