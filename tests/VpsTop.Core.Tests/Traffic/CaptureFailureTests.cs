using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>Each reason a capture cannot be opened, produced for real, must come out as its own cause and message.</summary>
public sealed class CaptureFailureTests
{
    [Fact]
    public void A_missing_interface_is_named_with_the_ones_that_exist()
    {
        string name = $"vpsno{Environment.ProcessId % 100000}";
        var e = Assert.Throws<CaptureUnavailableException>(() => PcapFlowCapture.Open(name));
        Assert.Equal(CaptureFailure.NoSuchInterface, e.Cause);
        Assert.Contains(name, e.Message);
        Assert.Contains("lo", e.Message);
    }

    [Theory]
    [InlineData("../lo")]
    [InlineData("..")]
    public void A_name_that_is_a_path_is_no_interface(string name)
    {
        var e = Assert.Throws<CaptureUnavailableException>(() => PcapFlowCapture.Open(name));
        Assert.Equal(CaptureFailure.NoSuchInterface, e.Cause);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void An_interface_that_is_down_is_said_to_be_down()
    {
        using var veth = new VethNamespace();
        VethNamespace.Ip("link", "set", veth.HostInterface, "down");
        var e = Assert.Throws<CaptureUnavailableException>(() => PcapFlowCapture.Open(veth.HostInterface));
        Assert.Equal(CaptureFailure.InterfaceDown, e.Cause);
        Assert.Contains(veth.HostInterface, e.Message);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void As_nobody_the_cause_is_no_privilege_and_names_the_uid()
    {
        var (exit, output, error) = ProbeProgram.Run("/usr/bin/setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups"], "lo");
        Assert.True(exit == 5, $"exit {exit}: {output} {error}");
        Assert.StartsWith("NotPermitted\t", output);
        Assert.Contains("uid 65534", output);
        Assert.Contains("CAP_NET_RAW", output);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void As_root_without_cap_net_raw_the_cause_says_so()
    {
        var (exit, output, error) = ProbeProgram.Run("/usr/bin/setpriv", ["--inh-caps=-net_raw", "--bounding-set=-net_raw"], "lo");
        Assert.True(exit == 5, $"exit {exit}: {output} {error}");
        Assert.StartsWith("NotPermitted\t", output);
        Assert.Contains("root but without CAP_NET_RAW", output);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Without_libpcap_the_cause_is_the_missing_library()
    {
        // A private mount namespace where the real libpcap file is /dev/null: the host's libpcap is untouched.
        // (setpriv, unshare: util-linux; mount: mount — both in tests/run.sh's package list.)
        string soname = Directory.GetDirectories("/usr/lib", "*-linux-gnu").Append("/usr/lib")
            .Select(d => Path.Combine(d, "libpcap.so.0.8")).First(File.Exists);
        string library = new FileInfo(soname).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? soname;
        Assert.True(File.Exists(library), $"libpcap not found at {library}");
        var (exit, output, error) = ProbeProgram.Run("/usr/bin/unshare",
            ["--mount", "--propagation", "private", "/bin/sh", "-c", $"mount --bind /dev/null '{library}' && exec \"$@\"", "sh"], "lo");
        Assert.True(exit == 5, $"exit {exit}: {output} {error}");
        Assert.Equal("NoLibpcap\tlibpcap is not installed: apt install libpcap0.8", output);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void The_probe_opens_lo_as_root_so_the_failures_above_are_not_the_probes_own()
    {
        var (exit, output, error) = ProbeProgram.Run("/usr/bin/env", [], "lo");
        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        Assert.Equal("OPENED", output);
    }
}
