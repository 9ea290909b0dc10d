namespace VpsTop.Tui;

/// <summary>The one list of panes. The tab bar, F1 help and the tests enumerate it; a new pane is a new line here.</summary>
public static class PaneRegistry
{
    public static IReadOnlyList<IPane> Create(TuiServices services, TuiContext context) =>
    [
        new ConnectionsPane(services.Connections, context),
        new BandwidthPane(services, context),
        new AuthPane(services, context),
        new HardeningPane(services.Hardening, context),
    ];
}
