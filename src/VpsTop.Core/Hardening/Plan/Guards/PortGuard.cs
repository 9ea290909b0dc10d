using System.Globalization;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Hardening.Plan.Guards;

/// <summary>L11/L13: a new Port something already listens on, and socket activation that ignores Port altogether.</summary>
public sealed class PortGuard : IPlanGuard
{
    private const string SocketUnit = "/etc/systemd/system/sockets.target.wants/ssh.socket";

    public string Id => "Port";
    public IReadOnlyList<string> Keywords { get; } = ["Port"];

    public IEnumerable<GuardFinding> Check(GuardContext c)
    {
        if (!c.Intended.TryGetValue("port", out var ports)) yield break;
        var listening = ListeningTcpPorts.Read(c.Root, "/proc/net");
        // A port the current config already has is sshd's own listener, not a conflict (the first step of a move).
        var ownPorts = c.Current?.Get("port")?.Values ?? [];
        foreach (string text in ports)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port)) continue;
            if (port == c.Admin.ServerPort || ownPorts.Contains(text) || !listening.Contains(port)) continue;
            yield return new GuardFinding(Id, GuardSeverity.Block,
                $"Port {port} is already in use: sshd could not bind it and, with no other port, would stop listening.",
                [$"tcp port {port} is in LISTEN state"]);
        }
        if (File.Exists(c.Root.Path(SocketUnit)) || Directory.Exists(c.Root.Path(SocketUnit)))
            yield return new GuardFinding(Id, GuardSeverity.Warn,
                "ssh.socket is enabled: under socket activation sshd ignores Port; change ListenStream in a socket drop-in instead.",
                [SocketUnit + " exists"]);
    }
}
