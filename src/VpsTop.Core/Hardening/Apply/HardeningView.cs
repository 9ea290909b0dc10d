using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>What the Hardening pane shows of the machine: the config's files, each keyword's value in effect and where
/// it comes from (sshd -T wins over our own reading when sshd is installed), how a reload would be done, the change
/// waiting for confirmation and the backups.</summary>
public sealed record HardeningView(
    string ConfigPath,
    IReadOnlyList<string> Files,
    Version? SshdVersion,
    string Reload,
    IReadOnlyDictionary<string, string> Current,
    IReadOnlyDictionary<string, string> Sources,
    PendingChange? Pending,
    IReadOnlyList<BackupManifest> Backups,
    IReadOnlyList<string> Problems)
{
    /// <summary>Reads it all; never throws for an unreadable or absent config (the problem is in <see cref="Problems"/>).</summary>
    public static HardeningView Read(SystemRoot root, SshdOracle oracle, string configPath, string stateDirectory)
    {
        var problems = new List<string>();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<string>();
        bool systemConfig = configPath == SshdConfigTree.DefaultMainPath;
        string reload = "no sshd found";
        Version? version = null;
        try
        {
            var tree = SshdConfigTree.LoadConfig(root, configPath);
            files.AddRange(tree.Files);
            problems.AddRange(tree.Problems.Select(p => p.ToString()));
            var ours = EffectiveConfig.Compute(tree);
            foreach (var (slot, setting) in ours.Settings)
            {
                current[slot] = string.Join(' ', setting.Values);
                if (setting.Sources.Count > 0) sources[slot] = $"{setting.Sources[0].File}:{setting.Sources[0].LineNumber}";
            }
            if (oracle.Available)
            {
                version = oracle.Version();
                if (oracle.Effective(root.Path(configPath)) is { } sshd)
                {
                    // sshd wins; where VpsTop's own reading differs, say so rather than show one silently.
                    foreach (var d in SshdOracle.Disagreements(ours, sshd))
                        problems.Add($"{d.Keyword}: sshd -T says {string.Join(' ', d.Sshd)}, VpsTop read {string.Join(' ', d.Ours)} "
                            + $"(sshd's value is shown)");
                    foreach (var (slot, values) in sshd.Values) current[slot] = string.Join(' ', values);
                    string pidFile = sshd.Value("pidfile") ?? "/run/sshd.pid";
                    reload = SshdReload.Choose(root, pidFile, systemConfig).Description;
                }
                else problems.Add("sshd -T refuses the current config: sshd would not start with it");
            }
            else problems.Add($"{oracle.SshdPath} is not installed: values are VpsTop's own reading, unconfirmed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{configPath}: {e.Message}");
        }
        var transaction = new HardeningTransaction(root, oracle, stateDirectory);
        return new HardeningView(configPath, files, version, reload, current, sources, transaction.Pending.Load(),
            transaction.Backups.List(), problems);
    }
}
