using VpsTop.Cli;
using VpsTop.Core.Actions;
using VpsTop.Core.Collection;
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
            Console.Error.WriteLine("vpstop: the full-screen view needs a terminal; in scripts use a verb, e.g. 'vpstop connections "
                + "--json' (see --help)");
            return ExitCodes.Usage;
        }
        // Capture runs from the start, whichever tab is shown: traffic not counted now cannot be counted later.
        using var bandwidth = OpenBandwidth(services, settings, out var bandwidthFeed);
        // The bandwidth collector already reads the socket table and its owners every second: at that pace or slower
        // the Connections pane shows its table rather than walking /proc a second time.
        using var connections = bandwidth is not null && settings.RefreshInterval >= bandwidth.Tick ? null
            : new PeriodicCollector<ConnectionsSnapshot>("sockets", services.CollectConnections, ConnectionsSnapshot.Empty,
                settings.RefreshInterval);
        connections?.Start();
        using var auth = new Core.Auth.Live.AuthCollector(services.Root, settings.AuthSource, new Core.Auth.Live.AuthCollectorOptions
        {
            Analysis = new Core.Auth.AuthAnalysisOptions { AlarmWindow = TimeSpan.FromHours(settings.AlarmWindowHours) },
        });
        auth.Start(after: TimeSpan.FromMilliseconds(400));
        return Tui.TuiApp.Run(
            new Tui.TuiOptions
            {
                RefreshInterval = settings.RefreshInterval, NoColor = settings.NoColor,
                Force16Colors = settings.Colors16
            },
            new Tui.TuiServices
            {
                Connections = (ISnapshotFeed<ConnectionsSnapshot>?)connections ?? bandwidth!.ConnectionsFeed,
                Inspector = services.Inspector, Killer = services.Killer, Bandwidth = bandwidthFeed, Auth = auth,
                Hardening = new Core.Hardening.HardeningService(services.Root, new Core.Hardening.SshdOracle(), settings.SshdConfig,
                    Core.Hardening.Apply.HardeningTransaction.DefaultStateDirectory, Cli.SelfCommand.Current()),
                OriginExtras = p => Core.Suspicion.ExeOrigin.Describe(services.Root, p),
            });
    }

    /// <summary>The capture, else the kernel's own per-socket TCP counters (TCP only; the pane says so and why capture
    /// is impossible), else a feed that only says why there is no measurement.</summary>
    private static BandwidthCollector? OpenBandwidth(AppServices services, VpsTopSettings settings,
        out ISnapshotFeed<BandwidthSnapshot> feed)
    {
        BandwidthCollector collector;
        try
        {
            collector = services.OpenBandwidth(settings.Interfaces);
        }
        catch (CaptureUnavailableException e)
        {
            try
            {
                collector = services.OpenTcpFallback(e);
            }
            catch (Exception fallback) when (fallback is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                feed = new HeldFeed<BandwidthSnapshot>(BandwidthSnapshot.Empty(new TrafficSourceStatus
                {
                    Description = "no measurement", Unavailable = $"{e.Message}; the TCP-only fallback failed too: {fallback.Message}",
                }));
                return null;
            }
        }
        collector.Start();
        feed = collector;
        return collector;
    }
}
