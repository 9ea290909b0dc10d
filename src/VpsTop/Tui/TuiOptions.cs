using VpsTop.Core.Actions;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Tui;

public sealed record TuiOptions
{
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No colour at all: meaning is carried by text markers and reverse video only.</summary>
    public bool NoColor { get; init; }

    public bool Force16Colors { get; init; }
}

/// <summary>What the screens read and act through. The same objects serve the CLI.</summary>
public sealed record TuiServices
{
    public required SnapshotPublisher<ConnectionsSnapshot> Connections { get; init; }
    public required IProcessInspector Inspector { get; init; }
    public required IProcessKiller Killer { get; init; }
}
