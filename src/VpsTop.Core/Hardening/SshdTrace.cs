using System.Globalization;
using System.Text.RegularExpressions;

namespace VpsTop.Core.Hardening;

/// <summary>
/// sshd's own account of how it read a config (sshd -T -ddd on stderr): every active line with its file and line
/// (the provenance map), each file an Include read, and each Include glob that matched nothing. In the connection
/// pass sshd names the main file "reprocess config"; it is mapped back to the main file here.
/// </summary>
public sealed partial class SshdTrace
{
    private SshdTrace(List<SshdTraceLine> settings, List<string> included, List<string> noMatch)
    {
        Settings = settings;
        Included = included;
        NoMatch = noMatch;
    }

    public IReadOnlyList<SshdTraceLine> Settings { get; }

    /// <summary>Files read through Include, in order (the connection pass re-reads from a cache and is not repeated).</summary>
    public IReadOnlyList<string> Included { get; }

    public IReadOnlyList<string> NoMatch { get; }

    [GeneratedRegex(@"^debug3: (.+):(\d+) setting (\S+) ?(.*)$")]
    private static partial Regex SettingLine();

    [GeneratedRegex(@"^debug2: .+ line \d+: including (.+)$")]
    private static partial Regex IncludingLine();

    [GeneratedRegex(@"^debug2: .+ line \d+: no match for (.+)$")]
    private static partial Regex NoMatchLine();

    /// <summary>Parses stderr of sshd -T -ddd -f <paramref name="mainFile"/>; <paramref name="stagingDirectory"/>
    /// (when the tree was staged) is removed from every path so the trace speaks of system paths.</summary>
    public static SshdTrace Parse(IEnumerable<string> stderr, string mainFile, string? stagingDirectory = null)
    {
        var settings = new List<SshdTraceLine>();
        var included = new List<string>();
        var noMatch = new List<string>();
        bool connectionPass = false;
        string Unstage(string path) =>
            stagingDirectory is not null && path.StartsWith(stagingDirectory.TrimEnd('/') + "/", StringComparison.Ordinal)
                ? path[stagingDirectory.TrimEnd('/').Length..] : path;
        foreach (string line in stderr)
        {
            if (line.StartsWith("debug2: parse_server_config_depth: config reprocess config ",
                StringComparison.Ordinal)) { connectionPass = true; continue; }
            Match m = SettingLine().Match(line);
            if (m.Success)
            {
                string file = m.Groups[1].Value == "reprocess config" ? mainFile : m.Groups[1].Value;
                settings.Add(new SshdTraceLine(Unstage(file), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    m.Groups[3].Value, m.Groups[4].Value, connectionPass));
                continue;
            }
            if (connectionPass) continue;
            if ((m = IncludingLine().Match(line)).Success) included.Add(Unstage(m.Groups[1].Value));
            else if ((m = NoMatchLine().Match(line)).Success) noMatch.Add(Unstage(m.Groups[1].Value));
        }
        return new SshdTrace(settings, included, noMatch);
    }
}
