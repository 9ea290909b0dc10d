using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Support;

/// <summary>One socket as `ss -tunapeH` printed it, normalised to compare with VpsTop's JSON.</summary>
public sealed record SsRow(string Proto, string Local, int LocalPort, string Remote, int RemotePort, string State, ulong Inode,
    IReadOnlySet<int> Pids)
{
    public string Key => $"{Proto} {Local}:{LocalPort} {Remote}:{RemotePort} {State} ino:{Inode}";
}

/// <summary>Runs the real `ss` and parses its output: the independent witness the CLI is checked against.</summary>
public static partial class SsTable
{
    public static IReadOnlyList<SsRow> Read()
    {
        var (exit, stdout, stderr) = Run.Capture("/usr/bin/ss", "-tunapeH");
        Assert.True(exit == 0, $"ss failed: {stderr}");
        var rows = new List<SsRow>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            rows.Add(Parse(line));
        return rows;
    }

    public static SsRow Parse(string line)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (local, localPort) = Endpoint(f[4]);
        var (remote, remotePort) = Endpoint(f[5]);
        var pids = new HashSet<int>();
        foreach (Match m in PidPattern().Matches(line)) pids.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        var ino = InodePattern().Match(line);
        return new SsRow(f[0], local, localPort, remote, remotePort, StateName(f[1]),
            ino.Success ? ulong.Parse(ino.Groups[1].Value, CultureInfo.InvariantCulture) : 0, pids);
    }

    /// <summary>ss's names to netstat's: ESTAB → ESTABLISHED, FIN-WAIT-2 → FIN_WAIT2, TIME-WAIT → TIME_WAIT.</summary>
    public static string StateName(string ss) => ss switch
    {
        "ESTAB" => "ESTABLISHED",
        "FIN-WAIT-1" => "FIN_WAIT1",
        "FIN-WAIT-2" => "FIN_WAIT2",
        _ => ss.Replace('-', '_'),
    };

    /// <summary>"*" is a wildcard, "[::ffff:1.2.3.4]" is folded to "1.2.3.4", "%lo" scopes are dropped.</summary>
    public static (string Address, int Port) Endpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        string host = text[..colon];
        string port = text[(colon + 1)..];
        int percent = host.IndexOf('%');
        if (percent >= 0) host = host[..percent];
        host = host.Trim('[', ']');
        int p = port == "*" ? 0 : int.Parse(port, CultureInfo.InvariantCulture);
        return (Normalise(host), p);
    }

    public static string Normalise(string host)
    {
        if (host is "*" or "0.0.0.0" or "::") return "*";
        var ip = IPAddress.Parse(host);
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return ip.ToString();
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"\bino:(\d+)")]
    private static partial Regex InodePattern();
}
