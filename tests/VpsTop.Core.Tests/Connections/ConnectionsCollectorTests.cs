using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Connections;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Connections;

/// <summary>The join of the live socket table and the live fd walk, on sockets and processes the test creates.</summary>
public sealed class ConnectionsCollectorTests
{
    private static ConnectionsCollector Collector()
    {
        var reader = new ProcessReader(SystemRoot.Live);
        return new ConnectionsCollector(SocketSources.Create(SystemRoot.Live), new SocketOwnerScanner(SystemRoot.Live, reader),
            reader.UserName);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void A_listener_of_this_process_is_owned_by_this_process()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var snapshot = Collector().Collect();
        var row = snapshot.Connections.Single(c => c.Socket.LocalPort == port && c.Socket.State == SocketState.Listen);
        var owner = Assert.Single(row.Owners);
        Assert.Equal(Environment.ProcessId, owner.Pid);
        Assert.Equal("root", row.User);
        Assert.Null(row.OwnerUnknownReason);
        Assert.True(snapshot.OwnersComplete);
        Assert.Same(owner, snapshot.Processes[Environment.ProcessId]);
    }

    [Fact]
    public void A_socket_shared_by_a_forked_process_lists_both_owners()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import os,socket,sys,time\ns=socket.socket(); s.bind(('127.0.0.1',0)); s.listen()\n" +
                               "pid=os.fork()\nif pid: print(s.getsockname()[1], pid, flush=True)\ntime.sleep(30)");
        using var children = new Children(); // kills the forked child with its parent's tree
        Process parent = children.Start(start);
        string[] line = parent.StandardOutput.ReadLine()!.Split(' ');
        int port = int.Parse(line[0]);
        int childPid = int.Parse(line[1]);
        var row = Collector().Collect().Connections.Single(c => c.Socket.LocalPort == port && c.Socket.State == SocketState.Listen);
        Assert.Equal(new[] { parent.Id, childPid }.Order(), row.Owners.Select(o => o.Pid).Order());
    }

    [Fact]
    public void A_time_wait_socket_has_no_owner_and_the_reason_says_so()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        var server = listener.AcceptTcpClient();
        int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        client.Close(); // the side that closes first ends in TIME_WAIT
        server.Close();
        var row = Poll.Until(
            () => Collector().Collect().Connections.SingleOrDefault(c => c.Socket.LocalPort == clientPort && c.Socket.RemotePort == port),
            c => c?.Socket.State == SocketState.TimeWait, $"the client end on port {clientPort} in TIME_WAIT",
            describe: c => c is null ? "no such socket" : c.Socket.State.ToString())!;
        Assert.Equal(SocketState.TimeWait, row.Socket.State);
        Assert.Empty(row.Owners);
        Assert.StartsWith("TIME_WAIT", row.OwnerUnknownReason);
    }

    [Fact]
    public void A_captured_tree_without_processes_gives_rows_without_owners_and_no_crash()
    {
        var root = new SystemRoot(Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc-mixed"));
        var reader = new ProcessReader(root);
        var snapshot = new ConnectionsCollector(SocketSources.Create(root), new SocketOwnerScanner(root, reader),
            reader.UserName).Collect();
        Assert.Equal("procfs", snapshot.Source);
        Assert.NotEmpty(snapshot.Connections);
        Assert.All(snapshot.Connections, c => Assert.Empty(c.Owners));
        Assert.All(snapshot.Connections, c => Assert.False(string.IsNullOrEmpty(c.OwnerUnknownReason)));
    }
}
