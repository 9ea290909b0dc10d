using System.Diagnostics;
using System.Globalization;
using System.Net;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// A network namespace of the test's own, joined to the host namespace by a veth pair: the host end is
/// 10.X.Y.1 / fd00:X:Y::1, the namespace end .2 / ::2. Only this pair ever carries the test's traffic, so the
/// kernel's interface counters are an independent truth for what a capture on the host end must see.
/// Everything is removed on dispose, even when the test failed.
/// </summary>
internal sealed class VethNamespace : IDisposable
{
    private readonly Children _inside = new();

    public string Namespace { get; }
    public string HostInterface { get; }
    public string HostV4 { get; }
    public string InsideV4 { get; }
    public string HostV6 { get; }
    public string InsideV6 { get; }

    public VethNamespace(int mtu = 9000)
    {
        // Interface names are at most 15 bytes; pid + a counter keep parallel runs apart.
        int id = Environment.ProcessId % 100000;
        int n = Interlocked.Increment(ref s_counter);
        Namespace = $"vpstop-t{id}-{n}";
        HostInterface = $"vth{id}x{n}";
        string inside = $"vtn{id}x{n}";
        int a = 100 + (id % 100), b = (n * 7 + id / 100) % 250 + 1;
        HostV4 = $"10.{a}.{b}.1";
        InsideV4 = $"10.{a}.{b}.2";
        HostV6 = $"fd00:{a}:{b}::1";
        InsideV6 = $"fd00:{a}:{b}::2";
        try
        {
            Ip("netns", "add", Namespace);
            Ip("link", "add", HostInterface, "mtu", Str(mtu), "type", "veth", "peer", "name", inside, "mtu", Str(mtu), "netns", Namespace);
            Ip("addr", "add", HostV4 + "/24", "dev", HostInterface);
            Ip("-6", "addr", "add", HostV6 + "/64", "dev", HostInterface, "nodad");
            Ip("link", "set", HostInterface, "up");
            Ip("-n", Namespace, "addr", "add", InsideV4 + "/24", "dev", inside);
            Ip("-n", Namespace, "-6", "addr", "add", InsideV6 + "/64", "dev", inside, "nodad");
            Ip("-n", Namespace, "link", "set", inside, "up");
            Ip("-n", Namespace, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static int s_counter;

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a program inside the namespace (ip netns exec), its stdout readable, killed on dispose.</summary>
    public Process StartInside(string file, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/sbin/ip") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in new[] { "netns", "exec", Namespace, file }.Concat(args)) psi.ArgumentList.Add(arg);
        return _inside.Start(psi);
    }

    /// <summary>
    /// Waits until no TCP connection from the host to <paramref name="port"/> inside is still open or closing (only
    /// TIME_WAIT or nothing is left): every FIN and last ACK has crossed the pair, so the interface's counters now hold
    /// all the connections carried.
    /// </summary>
    public void AwaitTcpClosed(int port)
    {
        var inside = new[] { InsideV4, InsideV6 }.Select(a => NetAddress.FromIPAddress(IPAddress.Parse(a))).ToHashSet();
        var source = new ProcNetSocketSource(SystemRoot.Live);
        var sockets = new List<SocketEntry>();
        Poll.Until(() =>
        {
            source.Read(sockets);
            return sockets.Where(e => e.Proto == Proto.Tcp && e.RemotePort == port && inside.Contains(e.RemoteAddress))
                .Where(e => e.State != SocketState.TimeWait).Select(e => $"local port {e.LocalPort} {e.State}").ToList();
        }, open => open.Count == 0, $"the connections to port {port} inside {Namespace} to finish closing",
            describe: open => string.Join(", ", open));
    }

    /// <summary>The kernel's own byte counters of the host end (L2 frames, as a capture measures them).</summary>
    public (long Tx, long Rx) Counters()
    {
        string dir = $"/sys/class/net/{HostInterface}/statistics/";
        return (long.Parse(File.ReadAllText(dir + "tx_bytes"), CultureInfo.InvariantCulture),
                long.Parse(File.ReadAllText(dir + "rx_bytes"), CultureInfo.InvariantCulture));
    }

    public static void Ip(params string[] args)
    {
        var (exit, _, stderr) = Run.Capture("/usr/sbin/ip", args);
        if (exit != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {stderr.Trim()}");
    }

    public void Dispose()
    {
        _inside.Dispose();
        // Deleting the namespace removes the veth pair with it.
        try { Ip("netns", "del", Namespace); } catch (InvalidOperationException) { }
        try { Ip("link", "del", HostInterface); } catch (InvalidOperationException) { }
    }
}
