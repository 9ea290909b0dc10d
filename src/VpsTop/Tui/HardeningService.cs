using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Platform;

namespace VpsTop.Tui;

/// <summary>One proposed setting as the Hardening pane lists it.</summary>
public sealed record HardeningItem(string Keyword, string Proposed, string Why, string Risk, bool Preselected);

/// <summary>
/// The Hardening pane's access to the machine: reads the config's state, plans where values go, applies with the
/// watchdog and rolls back — the same transaction `vpstop harden` runs. The pane calls it off the UI thread.
/// </summary>
public sealed class HardeningService(SystemRoot root, SshdOracle oracle, string configPath, string stateDirectory, IReadOnlyList<string> watchdogCommand,
    Func<Version?, IReadOnlyList<HardeningItem>> items)
{
    public string ConfigPath => configPath;

    public IReadOnlyList<HardeningItem> Items(Version? sshd) => items(sshd);

    public HardeningView Read() => HardeningView.Read(root, oracle, configPath, stateDirectory);

    private bool SystemConfig => configPath == SshdConfigTree.DefaultMainPath;

    private SshdConfigTree Load() =>
        SshdConfigTree.Load(root, configPath, SystemConfig ? SshdConfigTree.DefaultSshDir : Path.GetDirectoryName(configPath) ?? "/");

    public PlacementPlan Plan(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings) => PlacementPlanner.Plan(Load(), settings);

    /// <summary>Applies and reloads the sshd that runs with this config (the system unit's, or the one in its PidFile).</summary>
    public ApplyResult Apply(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings, TimeSpan confirmTimeout, string? session) =>
        new HardeningTransaction(root, oracle, stateDirectory).Apply(
            new ApplyRequest(Plan(settings), settings, Reload: true, SystemConfig, confirmTimeout, watchdogCommand, Session: session));

    public ApplyResult RollBack() =>
        new HardeningTransaction(root, oracle, stateDirectory).Rollback(null, force: false, doReload: true, "rolled back from the Hardening pane");
}
