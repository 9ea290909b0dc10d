using VpsTop.Core.Processes;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Connections;

/// <summary>A socket joined to the processes holding it. Several owners are normal (fork, SO_REUSEPORT,
/// pre-fork servers) and all are kept. With no owner, <see cref="OwnerUnknownReason"/> says why.</summary>
public sealed record Connection(SocketEntry Socket, IReadOnlyList<ProcessIdentity> Owners, string? OwnerUnknownReason)
{
    public bool IsEstablished => Socket.State == SocketState.Established;

    /// <summary>Name of the socket's uid: what the User column shows when no owning process is known.</summary>
    public string SocketUser { get; init; } = "";

    /// <summary>The first owner's user, else the socket's.</summary>
    public string User => Owners.Count > 0 ? Owners[0].User : SocketUser.Length > 0 ? SocketUser
        : Socket.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
