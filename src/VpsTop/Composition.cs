using VpsTop.Cli;
using VpsTop.Core.Actions;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Settings;
using VpsTop.Core.Sockets;
using VpsTop.Core.Traffic;

namespace VpsTop;

/// <summary>Builds the real collectors and actions for one system root, and starts the TUI on them.</summary>
internal static class Composition
{
    public static AppServices CreateServices(SystemRoot root)
    {
        var reader = new ProcessReader(root);
        var collector = new ConnectionsCollector(SocketSources.Create(root), new SocketOwnerScanner(root, reader), reader.UserName);
        return new AppServices(root, collector.Collect, reader, new ProcessKiller(reader));
    }

    public static int RunTui(AppServices services, VpsTopSettings settings)
    {
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            Console.Error.WriteLine("vpstop: the full-screen view needs a terminal; in scripts use a verb, e.g. 'vpstop connections --json' (see --help)");
            return ExitCodes.Usage;
        }
        // Capture runs from the start, whichever tab is shown: traffic not counted now cannot be counted later.
        BandwidthCollector? collector = null;
        Tui.BandwidthFeed feed;
        try
        {
            collector = services.OpenBandwidth(settings.Interfaces);
            collector.Start();
            feed = Tui.BandwidthFeed.Of(collector);
        }
        catch (CaptureUnavailableException e)
        {
            // No capture: the kernel's own per-socket TCP counters still say who moves bytes (TCP only; the pane
            // says so and why capture is impossible).
            try
            {
                collector = BandwidthPipeline.OpenTcpFallback(services.Root, e);
                collector.Start();
                feed = Tui.BandwidthFeed.Of(collector);
            }
            catch (Exception fallback) when (fallback is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                collector = null;
                feed = Tui.BandwidthFeed.Unavailable($"{e.Message}; the TCP-only fallback failed too: {fallback.Message}");
            }
        }
        // The bandwidth collector already reads the socket table and its owners every second: at that pace or slower
        // the Connections pane shows its table rather than walking /proc a second time.
        var shared = collector;
        Func<ConnectionsSnapshot> collect = shared is not null && settings.RefreshInterval >= shared.Tick
            ? () => shared.LatestConnections
            : services.CollectConnections;
        using var connections = new SnapshotPublisher<ConnectionsSnapshot>(collect, ConnectionsSnapshot.Empty,
            settings.RefreshInterval, e => ConnectionsSnapshot.Empty with { TakenAt = DateTimeOffset.UtcNow, Problems = [$"collecting sockets failed: {e.Message}"] });
        connections.Start("vpstop-connections");
        using var auth = new Core.Auth.Live.AuthCollector(services.Root, settings.AuthSource, new Core.Auth.Live.AuthCollectorOptions
        {
            Analysis = new Core.Auth.AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(settings.AlarmWindowHours) },
        });
        auth.Start(after: TimeSpan.FromMilliseconds(400));
        using (collector)
        {
            return Tui.TuiApp.Run(
                new Tui.TuiOptions { RefreshInterval = settings.RefreshInterval, NoColor = settings.NoColor, Force16Colors = settings.Colors16 },
                new Tui.TuiServices
                {
                    Connections = connections, Inspector = services.Inspector, Killer = services.Killer, Bandwidth = feed,
                    Auth = Tui.AuthFeed.Of(auth, services.Root),
                    Hardening = new Tui.HardeningService(services.Root, new Core.Hardening.SshdOracle(), settings.SshdConfig,
                        Core.Hardening.Apply.HardeningTransaction.DefaultStateDirectory, Cli.SelfCommand.Current(), Tui.HardeningItems.For),
                    OriginExtras = p => Core.Suspicion.ExeOrigin.Describe(services.Root, p),
                });
        }
    }
}
