using System.Diagnostics;
using System.Globalization;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// A network namespace of the test's own, joined to the host namespace by a veth pair: the host end is
/// 10.X.Y.1 / fd00:X:Y::1, the namespace end .2 / ::2. Only this pair ever carries the test's traffic, so the
/// kernel's interface counters are an independent truth for what a capture on the host end must see.
/// Everything is removed on dispose, even when the test failed.
/// </summary>
internal sealed class VethNamespace : IDisposable
{
    private readonly List<Process> _inside = [];

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

    /// <summary>Starts a program inside the namespace (ip netns exec), killed on dispose.</summary>
    public Process StartInside(string file, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/sbin/ip") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in new[] { "netns", "exec", Namespace, file }.Concat(args)) psi.ArgumentList.Add(arg);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start ip netns exec");
        _inside.Add(p);
        return p;
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
        var psi = new ProcessStartInfo("/usr/sbin/ip") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string arg in args) psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {err.Trim()}");
    }

    public void Dispose()
    {
        foreach (var p in _inside)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.WaitForExit(2000);
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        // Deleting the namespace removes the veth pair with it.
        try { Ip("netns", "del", Namespace); } catch (InvalidOperationException) { }
        try { Ip("link", "del", HostInterface); } catch (InvalidOperationException) { }
    }
}
