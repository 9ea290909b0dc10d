using System.Net;
using System.Net.Sockets;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;
using VpsTop.Core.Tests.Support;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>
/// The capture-free source against real loopback TCP transfers of known sizes. tcp_info counts payload plus one
/// byte each for a SYN and a FIN (bytes_acked is the growth of snd_una, bytes_received of rcv_nxt), so a direction
/// must come out as its payload, or up to 2 more in an interval where the connection opened and closed.
/// </summary>
[Collection("loopback capture")]
public sealed class TcpCounterSamplerTests
{
    private static NetAddress Ip(IPAddress a) => NetAddress.FromIPAddress(a);

    /// <summary>A socket missing from the sampler's dumps is kept for two more samples, until its destroy event comes
    /// from the kernel's workqueue: sampled at a collector's pace (the fallback pipeline's tick), not faster.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private sealed class Pair : IDisposable
    {
        public Pair(IPAddress ip)
        {
            Listener = new TcpListener(ip, 0);
            Listener.Start();
            Client = new TcpClient(ip.AddressFamily);
            Client.Connect(ip, ((IPEndPoint)Listener.LocalEndpoint).Port);
            Server = Listener.AcceptTcpClient();
        }

        public TcpListener Listener { get; }
        public TcpClient Client { get; }
        public TcpClient Server { get; }
        public IPEndPoint ClientEnd => (IPEndPoint)Client.Client.LocalEndPoint!;
        public IPEndPoint ServerEnd => (IPEndPoint)Server.Client.LocalEndPoint!;

        public FlowKey Upload => new(Ip(ClientEnd.Address), Ip(ServerEnd.Address), (ushort)ClientEnd.Port, (ushort)ServerEnd.Port,
            FlowKey.Tcp);
        public FlowKey Download => Upload.Reverse();

        /// <summary>Sends <paramref name="up"/> bytes client→server and <paramref name="down"/> server→client at once.</summary>
        public void Transfer(int up, int down)
        {
            var a = Task.Run(() => Pump(Client, Server, up));
            var b = Task.Run(() => Pump(Server, Client, down));
            Assert.True(Task.WaitAll([a, b], TimeSpan.FromSeconds(30)), "transfer timed out");
        }

        private static void Pump(TcpClient from, TcpClient to, int bytes)
        {
            var chunk = new byte[64 << 10];
            var reader = Task.Run(() =>
            {
                var buffer = new byte[64 << 10];
                int got = 0;
                while (got < bytes)
                {
                    int n = to.GetStream().Read(buffer, 0, Math.Min(buffer.Length, bytes - got));
                    if (n == 0) break;
                    got += n;
                }
                return got;
            });
            for (int sent = 0; sent < bytes; sent += chunk.Length)
                from.GetStream().Write(chunk, 0, Math.Min(chunk.Length, bytes - sent));
            Assert.Equal(bytes, reader.Result);
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
            Listener.Stop();
        }
    }

    private static void AssertPayload(FlowInterval interval, FlowKey flow, long payload)
    {
        Assert.True(interval.Flows.TryGetValue(flow, out var count), $"no flow {flow}");
        Assert.InRange(count.Bytes, payload, payload + 2);
        Assert.True(count.Packets > 0);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Both_directions_of_an_open_connection_come_out_as_their_payload(string address)
    {
        using var sampler = new TcpCounterSampler(SystemRoot.Live);
        sampler.Start();
        using var pair = new Pair(IPAddress.Parse(address));
        pair.Transfer(up: 5 << 20, down: 3 << 20);

        var first = sampler.TakeInterval();
        Assert.Equal(TcpCounterSampler.Scope, first.Source);
        // Both ends are local, so each direction was reported by its sender and its receiver: counted once.
        AssertPayload(first, pair.Upload, 5 << 20);
        AssertPayload(first, pair.Download, 3 << 20);

        // The next interval holds only the growth since the first.
        pair.Transfer(up: 1 << 20, down: 0);
        var second = sampler.TakeInterval();
        AssertPayload(second, pair.Upload, 1 << 20);
        Assert.Equal(0, second.Flows.GetValueOrDefault(pair.Download).Bytes);
    }

    [Fact]
    public void A_connection_that_closes_between_samples_keeps_its_last_bytes()
    {
        using var sampler = new TcpCounterSampler(SystemRoot.Live);
        Assert.Null(sampler.DestroyEventsProblem);
        sampler.Start();

        // Opened, used and closed entirely between two samples: only the destroy events saw it.
        FlowKey shortUpload;
        using (var pair = new Pair(IPAddress.Loopback))
        {
            pair.Transfer(up: 2 << 20, down: 700_000);
            shortUpload = pair.Upload;
        }
        // Seen by one sample, then more bytes and a close before the next: only the growth after the sample counts.
        var pair2 = new Pair(IPAddress.Loopback);
        FlowKey laterUpload = pair2.Upload;
        try
        {
            pair2.Transfer(up: 1 << 20, down: 0);
            // The closed connection's last counters come with its destroy events, from a kernel workqueue.
            var first = FlowTally.Until(sampler, f => f.Bytes(shortUpload) >= 2 << 20 && f.Bytes(shortUpload.Reverse()) >= 700_000
                && f.Bytes(laterUpload) >= 1 << 20, "the closed connection's bytes and the open one's", every: Tick);
            AssertPayload(first, shortUpload, 2 << 20);
            AssertPayload(first, shortUpload.Reverse(), 700_000);
            AssertPayload(first, laterUpload, 1 << 20);

            pair2.Transfer(up: 3 << 20, down: 0);
        }
        finally { pair2.Dispose(); }
        var second = FlowTally.Until(sampler, f => f.Bytes(laterUpload) >= 3 << 20, "the bytes sent before the close", every: Tick);
        AssertPayload(second, laterUpload, 3 << 20);
        Assert.Equal(0, second.Flows.GetValueOrDefault(shortUpload).Bytes); // not counted twice
        Assert.Equal(0, sampler.DestroyEventsLost);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Works_as_nobody_on_root_owned_sockets()
    {
        using var pair = new Pair(IPAddress.Loopback);
        // The sampler is created and run by a thread that is nobody with no capabilities; the sockets are root's.
        var (who, interval, destroyProblem) = ThreadCredentials.RunAsNobody(() =>
        {
            var who = ThreadCredentials.Current();
            using var sampler = new TcpCounterSampler(SystemRoot.Live);
            sampler.Start();
            pair.Transfer(up: 4 << 20, down: 1 << 20);
            var interval = sampler.TakeInterval();
            return (who, interval, sampler.DestroyEventsProblem);
        });
        Assert.Equal((ThreadCredentials.Nobody, 0UL), who);
        Assert.Null(destroyProblem);
        AssertPayload(interval, pair.Upload, 4 << 20);
        AssertPayload(interval, pair.Download, 1 << 20);
    }

    [Fact]
    public void A_new_connection_on_the_same_four_tuple_starts_from_zero()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serverEnd = (IPEndPoint)listener.LocalEndpoint;
        using var sampler = new TcpCounterSampler(SystemRoot.Live);
        sampler.Start();

        // The server closes first, so the TIME_WAIT is its own, and a new SYN from the same client port reuses the tuple.
        var (first, firstServer) = Connect(listener, serverEnd, localPort: 0);
        int clientPort = ((IPEndPoint)first.LocalEndPoint!).Port;
        Send(first, firstServer, 2 << 20);
        var one = sampler.TakeInterval();
        var upload = new FlowKey(Ip(IPAddress.Loopback), Ip(IPAddress.Loopback), (ushort)clientPort, (ushort)serverEnd.Port, FlowKey.Tcp);
        AssertPayload(one, upload, 2 << 20);
        firstServer.Close();
        first.ReceiveTimeout = 5000;
        Assert.Equal(0, first.Receive(new byte[1])); // the server's FIN arrived: its end waits in FIN_WAIT2
        first.Close();

        var (second, secondServer) = Connect(listener, serverEnd, clientPort);
        using (second)
        using (secondServer)
        {
            Send(second, secondServer, 500_000);
            var two = sampler.TakeInterval();
            // Keyed by the tuple, 500 000 - 2 MB would have been clamped to nothing; keyed by cookie it is the new
            // connection's payload, plus the old one's FIN and the new one's SYN.
            Assert.InRange(two.Flows[upload].Bytes, 500_000, 500_000 + 4);
        }
    }

    private static (Socket Client, Socket Server) Connect(TcpListener listener, IPEndPoint server, int localPort)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        client.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
        client.Connect(server);
        return (client, listener.AcceptSocket());
    }

    private static void Send(Socket from, Socket to, int bytes)
    {
        var reader = Task.Run(() =>
        {
            var buffer = new byte[64 << 10];
            int got = 0;
            while (got < bytes) got += to.Receive(buffer, 0, Math.Min(buffer.Length, bytes - got), SocketFlags.None);
            return got;
        });
        var chunk = new byte[64 << 10];
        for (int sent = 0; sent < bytes; sent += chunk.Length) from.Send(chunk, 0, Math.Min(chunk.Length, bytes - sent), SocketFlags.None);
        Assert.Equal(bytes, reader.Result);
    }
}
