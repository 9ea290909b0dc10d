using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

public class SocketStateNamesTests
{
    [Theory]
    [InlineData(SocketState.Established, Proto.Tcp, "ESTABLISHED")]
    [InlineData(SocketState.SynSent, Proto.Tcp, "SYN_SENT")]
    [InlineData(SocketState.SynRecv, Proto.Tcp, "SYN_RECV")]
    [InlineData(SocketState.NewSynRecv, Proto.Tcp, "SYN_RECV")]
    [InlineData(SocketState.FinWait1, Proto.Tcp, "FIN_WAIT1")]
    [InlineData(SocketState.FinWait2, Proto.Tcp, "FIN_WAIT2")]
    [InlineData(SocketState.TimeWait, Proto.Tcp, "TIME_WAIT")]
    [InlineData(SocketState.Close, Proto.Tcp, "CLOSE")]
    [InlineData(SocketState.CloseWait, Proto.Tcp, "CLOSE_WAIT")]
    [InlineData(SocketState.LastAck, Proto.Tcp, "LAST_ACK")]
    [InlineData(SocketState.Listen, Proto.Tcp, "LISTEN")]
    [InlineData(SocketState.Closing, Proto.Tcp, "CLOSING")]
    [InlineData(SocketState.Unknown, Proto.Tcp, "UNKNOWN")]
    [InlineData((SocketState)0x42, Proto.Tcp, "UNKNOWN")]
    [InlineData(SocketState.Close, Proto.Udp, "UNCONN")]
    [InlineData(SocketState.Established, Proto.Udp, "ESTABLISHED")]
    public void Names_match_netstat(SocketState state, Proto proto, string expected) =>
        Assert.Equal(expected, state.Name(proto));

    [Fact]
    public void Proto_names_are_lower_case()
    {
        Assert.Equal("tcp", Proto.Tcp.Name());
        Assert.Equal("udp", Proto.Udp.Name());
    }
}
