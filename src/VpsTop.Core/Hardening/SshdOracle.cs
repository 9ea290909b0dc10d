using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace VpsTop.Core.Hardening;

/// <summary>
/// The real sshd as the authority on a config: sshd -t -f FILE (does it load?) and sshd -T -f FILE [-C spec]
/// (what it would use). Argument vectors only, absolute binary path, no shell; the only free text in argv is
/// the config path we chose and a -C spec built from validated fields. sshd must run as root and, on Debian,
/// needs /run/sshd (<see cref="EnsurePrivilegeSeparationDir"/>). sshd -T reads the disk, not the running daemon.
/// </summary>
public sealed partial class SshdOracle(string sshdPath = SshdOracle.DefaultPath, TimeSpan? timeout = null)
{
    public const string DefaultPath = "/usr/sbin/sshd";
    public const string PrivilegeSeparationDir = "/run/sshd";

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(10);

    public string SshdPath { get; } = sshdPath;

    public bool Available => File.Exists(SshdPath);

    /// <summary>Does /run/sshd exist? Creates it (0755, as systemd's RuntimeDirectory would) only when
    /// <paramref name="create"/>: creating it is a change to the machine, so the caller decides.</summary>
    public static bool EnsurePrivilegeSeparationDir(bool create, string path = PrivilegeSeparationDir)
    {
        if (Directory.Exists(path)) return true;
        if (!create) return false;
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return true;
    }

    /// <summary>sshd -t -f FILE [-o opt …]: exit 0 = loads (warnings may still be on stderr).</summary>
    public SshdRun Test(string configFile, IReadOnlyList<string>? options = null) => Run(["-t", "-f", configFile], options);

    /// <summary>sshd -T -f FILE [-C spec] [-o opt …]. Pass every field a Match line of the config uses: sshd 9.2
    /// is fatal on "Match LocalPort" without lport in the spec.</summary>
    public SshdRun Dump(string configFile, ConnectionContext? context = null, IReadOnlyList<string>? options = null) =>
        Run(WithContext(["-T", "-f", configFile], context), options);

    private static List<string> WithContext(List<string> args, ConnectionContext? context)
    {
        if (context is null || context == ConnectionContext.None) return args;
        Validate(context);
        args.Add("-C");
        args.Add(context.ToTestSpec());
        return args;
    }

    /// <summary>The parsed sshd -T output, or null when sshd refused (see <see cref="Dump"/>'s stderr).</summary>
    public SshdT? Effective(string configFile, ConnectionContext? context = null, IReadOnlyList<string>? options = null)
    {
        SshdRun run = Dump(configFile, context, options);
        return run.Ok ? SshdT.Parse(run.Stdout) : null;
    }

    /// <summary>sshd -T -ddd: sshd's provenance map (which file:line it read as active, which files it included).
    /// <paramref name="stagingDirectory"/>: the directory <see cref="SshdStaging"/> used, stripped from paths.</summary>
    public SshdTrace Trace(string configFile, ConnectionContext? context = null, IReadOnlyList<string>? options = null,
        string? stagingDirectory = null)
    {
        SshdRun run = Run(WithContext(["-T", "-ddd", "-f", configFile], context), options);
        return SshdTrace.Parse(run.Stderr, configFile, stagingDirectory);
    }

    /// <summary>"OpenSSH_9.2" from sshd -V (an unknown option in 9.2 that still prints the version), or null.</summary>
    public Version? Version()
    {
        SshdRun run = Run(["-V"], null);
        Match m = VersionPattern().Match(string.Join('\n', run.Stderr) + run.Stdout);
        return m.Success ? new Version(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value,
            CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"OpenSSH_(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.:-]+$")]
    private static partial Regex HostPattern();

    /// <summary>The -C spec is comma-separated key=value: anything that could smuggle another field is refused.</summary>
    private static void Validate(ConnectionContext c)
    {
        if (c.User is not null && (c.User.Length > 64
            || !UserPattern().IsMatch(c.User))) throw new ArgumentException("user name not usable in sshd -C");
        if (c.Host is not null && (c.Host.Length > 255
            || !HostPattern().IsMatch(c.Host))) throw new ArgumentException("host not usable in sshd -C");
        if (c.Address is not null && !IPAddress.TryParse(c.Address, out _)) throw new ArgumentException("address not usable in sshd -C");
        if (c.LocalAddress is not null && !IPAddress.TryParse(c.LocalAddress,
            out _)) throw new ArgumentException("local address not usable in sshd -C");
        if (c.LocalPort is < 1 or > 65535) throw new ArgumentException("local port not usable in sshd -C");
    }

    private SshdRun Run(IReadOnlyList<string> args, IReadOnlyList<string>? options)
    {
        var psi = new ProcessStartInfo(SshdPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (string o in options ?? [])
        {
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(o);
        }
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {SshdPath}");
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(_timeout);
        if (!exited)
        {
            try { p.Kill(); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        string err = stderr.Result.Replace("\r", "", StringComparison.Ordinal);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new SshdRun(exited ? p.ExitCode : -1, stdout.Result, lines, !exited);
    }

    /// <summary>
    /// Keywords our model sets where sshd -T prints something else, comparing in sshd's printed forms
    /// (<see cref="SshdPrintedForm"/>). Slots our model does not set (sshd defaults) and forms sshd computes
    /// (ListenAddress, "+"/"-" algorithm lists, RekeyLimit …) are not compared.
    /// </summary>
    public static IReadOnlyList<ConfigDisagreement> Disagreements(EffectiveConfig ours, SshdT theirs)
    {
        var result = new List<ConfigDisagreement>();
        foreach (var (slot, setting) in ours.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            SshdKeyword? keyword = SshdKeywords.Find(slot);
            if (keyword is null || !keyword.HasEffect) continue;
            IReadOnlyList<string>? mine = SshdPrintedForm.Of(keyword, setting);
            IReadOnlyList<string>? printed = theirs.Get(slot);
            if (mine is null || printed is null) continue;
            bool same = keyword.Form == SshdValueForm.Word
                ? mine.SequenceEqual(printed, StringComparer.OrdinalIgnoreCase)
                : mine.SequenceEqual(printed, StringComparer.Ordinal);
            if (!same) result.Add(new ConfigDisagreement(slot, mine, printed, setting.Sources));
        }
        return result;
    }
}
