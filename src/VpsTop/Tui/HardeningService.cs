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

    /// <summary>The settings as this apply writes them (a port change becomes its next step) and what to tell the admin.</summary>
    public (List<KeyValuePair<string, IReadOnlyList<string>>> Settings, string? Note) Step(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings) =>
        PortSteps.Apply(settings, oracle.Effective(root.Path(configPath))?.Get("port"));

    public PlacementPlan Plan(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings) => PlacementPlanner.Plan(Load(), Step(settings).Settings);

    /// <summary>Applies and reloads the sshd that runs with this config (the system unit's, or the one in its PidFile).</summary>
    public ApplyResult Apply(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings, TimeSpan confirmTimeout, string? session)
    {
        var stepped = Step(settings).Settings;
        return new HardeningTransaction(root, oracle, stateDirectory).Apply(
            new ApplyRequest(PlacementPlanner.Plan(Load(), stepped), stepped, Reload: true, SystemConfig, confirmTimeout, watchdogCommand, Session: session));
    }

    public ApplyResult RollBack() =>
        new HardeningTransaction(root, oracle, stateDirectory).Rollback(null, force: false, doReload: true, "rolled back from the Hardening pane");
}
