using VpsTop.Core.Actions;
using VpsTop.Core.Auth.Live;
using VpsTop.Core.Collection;
using VpsTop.Core.Connections;
using VpsTop.Core.Hardening;
using VpsTop.Core.Processes;
using VpsTop.Core.Traffic;

namespace VpsTop.Tui;

public sealed record TuiOptions
{
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No colour at all: meaning is carried by text markers and reverse video only.</summary>
    public bool NoColor { get; init; }

    public bool Force16Colors { get; init; }

    /// <summary>The header's clock (tests set their own).</summary>
    public Func<DateTime> Now { get; init; } = () => DateTime.Now;
}

/// <summary>What the screens read and act through. The same objects serve the CLI.</summary>
public sealed record TuiServices
{
    public required ISnapshotFeed<ConnectionsSnapshot> Connections { get; init; }
    public required IProcessInspector Inspector { get; init; }
    public required IProcessKiller Killer { get; init; }

    /// <summary>The Bandwidth pane's feed: the collector, or why there is none.</summary>
    public required ISnapshotFeed<BandwidthSnapshot> Bandwidth { get; init; }

    /// <summary>The Hardening pane's access to sshd's config and the apply transaction.</summary>
    public required HardeningService Hardening { get; init; }

    /// <summary>The Auth pane's feed: sshd's log followed live, and the login history on demand.</summary>
    public required IAuthFeed Auth { get; init; }

    /// <summary>The origin dialog's "hash on demand" and package owner, read only when asked.</summary>
    public Func<ProcessIdentity, IReadOnlyList<string>> OriginExtras { get; init; } = _ => [];
}
