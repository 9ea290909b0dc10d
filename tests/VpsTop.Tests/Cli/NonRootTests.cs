using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VpsTop.Core.Tests.Support;
using VpsTop.Tests.Support;

namespace VpsTop.Tests.Cli;

/// <summary>The CLI run as an unprivileged user (setpriv to nobody): root's sockets are still listed, with the
/// owner unknown and the reason given; nothing crashes.</summary>
[Trait("Category", "Root")]
public sealed class NonRootTests
{
    private static (int Exit, string Stdout, string Stderr) AsNobody(params string[] verb)
    {
        var (program, prefix) = Vpstop.Command();
        string[] args = ["--reuid=65534", "--regid=65534", "--clear-groups", program, .. prefix, .. verb];
        return Run.Capture("/usr/bin/setpriv", args, TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["HOME"] = "/nonexistent", ["DOTNET_CLI_HOME"] = "/tmp" });
    }

    [Fact]
    public void Connections_as_nobody_lists_roots_sockets_without_owners_and_says_why()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (exit, stdout, stderr) = AsNobody("connections", "--json");
        Assert.True(exit == 0, stderr);

        using var doc = JsonDocument.Parse(stdout);
        var mine = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("localPort").GetInt32() == port
            && e.GetProperty("state").GetString() == "LISTEN");
        Assert.Equal(0, mine.GetProperty("processes").GetArrayLength());
        Assert.Equal(0u, mine.GetProperty("uid").GetUInt32());
        Assert.Contains("without root", mine.GetProperty("ownerUnknownReason").GetString());
    }

    [Fact]
    public void The_text_table_as_nobody_carries_the_not_root_notice()
    {
        var (exit, stdout, stderr) = AsNobody("connections");
        Assert.True(exit == 0, stderr);
        Assert.Contains("not root", stdout);
    }
}
