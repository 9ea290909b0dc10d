using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>A password spray: one source trying many user names.</summary>
public sealed record PasswordSpray(NetAddress Source, IReadOnlyCollection<string> Users, int Failures);

/// <summary>A distributed attack: many sources trying one user name.</summary>
public sealed record DistributedAttack(string User, IReadOnlyCollection<NetAddress> Sources, int Failures);
