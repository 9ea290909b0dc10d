namespace VpsTop.Core.Settings;

/// <summary>The settings every part reads. Defaults are what an admin gets with no file at all.</summary>
public sealed record VpsTopSettings
{
    /// <summary>Seconds between refreshes of the visible pane (key "refreshSeconds").</summary>
    public double RefreshSeconds { get; init; } = 1.0;

    /// <summary>No colours at all (key "noColor"; the NO_COLOR environment variable also sets it).</summary>
    public bool NoColor { get; init; }

    /// <summary>Only the 16 basic colours, for poor terminals (key "colors16").</summary>
    public bool Colors16 { get; init; }

    /// <summary>Interfaces the Bandwidth pane captures (key "interfaces", comma-separated); empty: those carrying a
    /// default route.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Where the Auth pane reads sshd's log (key "authSource"): "auto" (journal, then /var/log/auth.log, then
    /// /var/log/secure), "journal", or a file path.</summary>
    public string AuthSource { get; init; } = "auto";

    /// <summary>How long before an accepted login earlier failures from the same IP raise the Auth pane's alarm
    /// (key "alarmWindowHours").</summary>
    public double AlarmWindowHours { get; init; } = 24;

    /// <summary>The sshd_config the Hardening pane works on (key "sshdConfig"); another file than the system one is
    /// reloaded through its own PidFile.</summary>
    public string SshdConfig { get; init; } = "/etc/ssh/sshd_config";

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(RefreshSeconds);

    public const double MinRefreshSeconds = 0.2;
    public const double MaxRefreshSeconds = 3600;
}
