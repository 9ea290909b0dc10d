using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Processes;

public sealed class SocketOwnerScannerFixtureTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Materialize("proc-sockets");

    public void Dispose() => _tree.Dispose();

    private SocketOwnerScan Scan() => new SocketOwnerScanner(_tree.Root, new ProcessReader(_tree.Root)).Scan();

    [Fact]
    public void MapsInodesToEveryHolder()
    {
        SocketOwnerScan scan = Scan();
        Assert.Equal([100], scan.PidsByInode[1111UL]); // two fds of one process count once
        Assert.Equal([100, 101], scan.PidsByInode[2222UL]);
        Assert.Equal(2, scan.PidsByInode.Count);
    }

    [Fact]
    public void ProcessesAreOnlySocketHolders()
    {
        SocketOwnerScan scan = Scan();
        Assert.Equal([100, 101], scan.Processes.Keys.Order());
        Assert.Equal(100, scan.Processes[100].Pid);
        Assert.True(scan.Complete);
        Assert.Equal(0, scan.ProcessesUnreadable);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void MissingProcRootIsAProblemNotAnException()
    {
        var root = new SystemRoot(Path.Combine(_tree.Path, "nowhere"));
        SocketOwnerScan scan = new SocketOwnerScanner(root, new ProcessReader(root)).Scan();
        Assert.False(scan.Complete);
        Assert.Single(scan.Problems);
        Assert.Empty(scan.PidsByInode);
    }

    [Theory]
    [InlineData("socket:[12345]", true, 12345UL)]
    [InlineData("socket:[0]", true, 0UL)]
    [InlineData("socket:[18446744073709551615]", true, ulong.MaxValue)]
    [InlineData("socket:[18446744073709551616]", false, 0UL)]
    [InlineData("socket:[]", false, 0UL)]
    [InlineData("socket:[12a]", false, 0UL)]
    [InlineData("socket:[12", false, 0UL)]
    [InlineData("pipe:[12]", false, 0UL)]
    [InlineData("/dev/null", false, 0UL)]
    public void ParsesSocketLinkTargets(string target, bool ok, ulong inode)
    {
        Assert.Equal(ok, SocketOwnerScanner.TryParseSocketInode(System.Text.Encoding.ASCII.GetBytes(target), out ulong got));
        if (ok) Assert.Equal(inode, got);
    }
}

public sealed class SocketOwnerScannerLiveTests : IDisposable
{
    private readonly Children _children = new();
    private readonly SocketOwnerScanner _scanner;

    public SocketOwnerScannerLiveTests() => _scanner = new SocketOwnerScanner(SystemRoot.Live, new ProcessReader(SystemRoot.Live));

    public void Dispose() => _children.Dispose();

    private static ulong InodeOf(int fd)
    {
        string link = File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)!.FullName;
        string name = Path.GetFileName(link);
        Assert.StartsWith("socket:[", name);
        return ulong.Parse(name["socket:[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void OwnListenerMapsToThisProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        ulong inode = InodeOf((int)listener.Server.SafeHandle.DangerousGetHandle());

        SocketOwnerScan scan = _scanner.Scan();
        Assert.Contains(Environment.ProcessId, scan.PidsByInode[inode]);
        Assert.Equal(Environment.ProcessId, scan.Processes[Environment.ProcessId].Pid);
        Assert.True(scan.Complete);
    }

    [Fact]
    public void SteadyProcessIdentityIsReusedAcrossScans()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        ProcessIdentity first = _scanner.Scan().Processes[Environment.ProcessId];
        ProcessIdentity second = _scanner.Scan().Processes[Environment.ProcessId];
        Assert.Same(first, second);
    }

    [Fact]
    public void SocketInheritedByAChildListsBothProcesses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int fd = (int)listener.Server.SafeHandle.DangerousGetHandle();
        ulong inode = InodeOf(fd);
        int inheritable = TestLibc.dup(fd);
        Assert.True(inheritable >= 0);
        System.Diagnostics.Process child;
        try
        {
            child = _children.Sleep(60);
        }
        finally
        {
            TestLibc.close(inheritable);
        }

        SocketOwnerScan scan = _scanner.Scan();
        Assert.Contains(Environment.ProcessId, scan.PidsByInode[inode]);
        Assert.Contains(child.Id, scan.PidsByInode[inode]);
        Assert.Equal("sleep", scan.Processes[child.Id].Comm);
    }

    [Fact]
    [Trait("Category", "Root")]
    public async Task ProcessesExitingDuringScansAreNotErrors()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        // Short-lived socket holders: children inherit a dup of the listener and exit at once.
        int inheritable = TestLibc.dup((int)listener.Server.SafeHandle.DangerousGetHandle());
        try
        {
            Task churn = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Run.Checked("/bin/true");
                }
            });
            for (int i = 0; i < 30; i++)
            {
                SocketOwnerScan scan = _scanner.Scan();
                Assert.True(scan.Complete, string.Join("; ", scan.Problems));
                Assert.Contains(Environment.ProcessId, scan.Processes.Keys);
            }
            stop.Cancel();
            await churn.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            TestLibc.close(inheritable);
        }
    }
}
