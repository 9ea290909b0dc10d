using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Hardening.Plan;
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

    /// <summary>A config file's text as it is now, or null when it does not exist yet (for the diff).</summary>
    public string? CurrentText(string path) => Load().Document(path)?.ToString();

    /// <summary>The settings as this apply writes them (a port change becomes its next step) and what to tell the admin.</summary>
    public (List<KeyValuePair<string, IReadOnlyList<string>>> Settings, string? Note) Step(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings) =>
        PortSteps.Apply(settings, oracle.Effective(root.Path(configPath))?.Get("port"));

    /// <summary>The plan for these settings (this apply's port step), judged by the lockout guards for the admin of this
    /// process (loginuid, SUDO_USER, SSH_CONNECTION) and, with an sshd, proven on a staged copy.</summary>
    public HardeningPlan Plan(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings)
    {
        var sets = Step(settings).Settings.Select(SettingText.Format).ToList();
        return HardeningPlanner.Plan(Load(), [], sets, AdminSession.OfThisProcess(root), oracle.Available ? oracle : null, root);
    }

    /// <summary>Applies a plan and reloads the sshd that runs with this config (the system unit's, or its PidFile's).</summary>
    public ApplyResult Apply(HardeningPlan plan, TimeSpan confirmTimeout, string? session)
    {
        var intended = plan.Items.Where(i => !i.AlreadySet)
            .Select(i => new KeyValuePair<string, IReadOnlyList<string>>(i.Keyword, i.Proposed.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        return new HardeningTransaction(root, oracle, stateDirectory).Apply(
            new ApplyRequest(plan.Placement, intended, Reload: true, SystemConfig, confirmTimeout, watchdogCommand, Session: session));
    }

    /// <summary>Puts a backup back (null: the waiting change's, else the newest), tests and reloads.</summary>
    public ApplyResult RollBack(string? backupId) =>
        new HardeningTransaction(root, oracle, stateDirectory).Rollback(backupId, force: false, doReload: true, "rolled back from the Hardening pane");
}
