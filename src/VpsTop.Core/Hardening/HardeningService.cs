using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening;

/// <summary>
/// What `vpstop harden` and the Hardening pane both do with one sshd_config: read its state, plan where chosen values
/// go (a port change as its next step; judged by the lockout guards for the admin of this process; with an sshd,
/// proven on a staged copy), apply through the transaction (backup, validation, reload, the watchdog started with
/// <paramref name="watchdogCommand"/>), confirm and roll back. Planning runs sshd -t/-T several times: seconds on a
/// loaded machine, so a screen calls it off its UI thread.
/// </summary>
public sealed class HardeningService(SystemRoot root, SshdOracle oracle, string configPath, string stateDirectory,
    IReadOnlyList<string> watchdogCommand)
{
    private readonly HardeningTransaction _transaction = new(root, oracle, stateDirectory);

    public string ConfigPath => configPath;

    /// <summary>The system's /etc/ssh/sshd_config, which a systemd unit's sshd may own; any other file is a rehearsal.</summary>
    public bool SystemConfig => configPath == SshdConfigTree.DefaultMainPath;

    /// <summary>The change waiting for confirmation, or how the last one ended.</summary>
    public PendingStore Pending => _transaction.Pending;

    public BackupStore Backups => _transaction.Backups;

    /// <summary>The config's state as the pane shows it; never throws for an unreadable config.</summary>
    public HardeningView Read() => HardeningView.Read(root, oracle, configPath, stateDirectory);

    /// <summary>The config's files as they are now. Throws IOException or UnauthorizedAccessException when they
    /// cannot be read.</summary>
    public SshdConfigTree Load() => SshdConfigTree.LoadConfig(root, configPath);

    /// <summary>The installed sshd's version (the baseline depends on it), or null without an sshd.</summary>
    public Version? SshdVersion() => oracle.Available ? oracle.Version() : null;

    /// <summary>Where the chosen baseline items and settings would go in the config as it is now.</summary>
    public HardeningProposal Propose(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings) => Propose(Load(), [], settings);

    /// <summary>Where <paramref name="baseline"/> items and <paramref name="settings"/> (later ones win) would go in
    /// <paramref name="tree"/>. A port change is rewritten into this apply's step.</summary>
    public HardeningProposal Propose(SshdConfigTree tree, IReadOnlyList<BaselineItem> baseline,
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings)
    {
        var (stepped, portNote) = PortSteps.Apply(settings, oracle.Effective(root.Path(configPath))?.Get("port"));
        var sets = stepped.Select(SettingText.Format).ToList();
        var plan = HardeningPlanner.Plan(tree, baseline, sets, AdminSession.OfThisProcess(root), oracle.Available ? oracle : null, root);
        return new HardeningProposal(tree, plan, portNote);
    }

    /// <summary>Applies a plan: the values it would change must be in effect afterwards, or it is rolled back. Unless
    /// confirmed from another session than <paramref name="session"/> within <paramref name="confirmTimeout"/>, the
    /// watchdog rolls it back.</summary>
    public ApplyResult Apply(HardeningPlan plan, bool reload, TimeSpan confirmTimeout, string? session)
    {
        var intended = plan.Items.Where(i => !i.AlreadySet).Select(i =>
            KeyValuePair.Create(i.Keyword, (IReadOnlyList<string>)i.Proposed.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        return _transaction.Apply(
            new ApplyRequest(plan.Placement, intended, reload, SystemConfig, confirmTimeout, watchdogCommand, Session: session));
    }

    /// <summary>Keeps the waiting change (from a new session, unless <paramref name="force"/>).</summary>
    public ApplyResult Confirm(string? session, bool force) => _transaction.Confirm(session, force);

    /// <summary>Puts a backup back (null: the waiting change's, else the newest), tests and, when asked, reloads.</summary>
    public ApplyResult RollBack(string? backupId, bool force, bool reload, string reason) =>
        _transaction.Rollback(backupId, force, reload, reason);

    /// <summary>The detached watchdog of change <paramref name="changeId"/>: rolls it back at its deadline unless confirmed.</summary>
    public string Watch(string changeId) => _transaction.Watch(changeId);
}
