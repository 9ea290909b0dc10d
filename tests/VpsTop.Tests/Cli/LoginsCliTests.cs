using System.Text.Json;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Cli;

/// <summary>`vpstop logins` on a btmp made by util-linux's utmpdump: the JSON keeps the raw attempted names (escaped
/// by JSON), the table shows them inert.</summary>
public sealed class LoginsCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vpstop-logins-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void MakeBtmp(string text)
    {
        Directory.CreateDirectory(Path.Combine(_root, "var/log"));
        Run.CheckedWithInput(text, "/usr/bin/utmpdump", "-r", "-o", Path.Combine(_root, "var/log/btmp"));
    }

    [Fact]
    public void Failed_attempts_as_json_and_as_an_inert_table()
    {
        MakeBtmp("[6] [02002] [    ] [\u001b[31mx\u202e] [ssh:notty   ] [203.0.113.66        ] [203.0.113.66   ] "
            + "[2024-05-03T10:00:01,000000+00:00]\n" +
                 "[6] [02003] [    ] [root    ] [ssh:notty   ] [2001:db8::66        ] [2001:db8::66   ] "
                     + "[2024-05-03T10:00:02,000000+00:00]\n");

        var (exit, stdout, stderr) = Vpstop.Run("logins", "--failed", "--json", "--root", _root);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["root", "\u001b[31mx\u202e"], rows.Select(r => r.GetProperty("user").GetString()));
        Assert.Equal(["2001:db8::66", "203.0.113.66"], rows.Select(r => r.GetProperty("address").GetString()));
        Assert.All(rows, r => Assert.Equal("failed", r.GetProperty("ending").GetString()));
        Assert.DoesNotContain('\u001b', stdout);

        var (exit2, table, _) = Vpstop.Run("logins", "--failed", "--root", _root);
        Assert.Equal(0, exit2);
        Assert.DoesNotContain('\u001b', table);
        Assert.DoesNotContain('\u202e', table);
        Assert.Contains("203.0.113.66", table);
    }

    [Fact]
    public void No_records_at_all_is_a_failure_that_says_why()
    {
        var (exit, _, stderr) = Vpstop.Run("logins", "--root", _root);
        Assert.Equal(1, exit);
        Assert.Contains("/var/log/wtmp: absent", stderr);
    }
}
