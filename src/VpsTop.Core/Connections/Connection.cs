using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Connections;

/// <summary>A socket joined to the processes holding it. Several owners are normal (fork, SO_REUSEPORT,
/// pre-fork servers) and all are kept. With no owner, <see cref="OwnerUnknownReason"/> says why.</summary>
public sealed record Connection(SocketEntry Socket, IReadOnlyList<ProcessIdentity> Owners, string? OwnerUnknownReason)
{
    public bool IsEstablished => Socket.State == SocketState.Established;
}
