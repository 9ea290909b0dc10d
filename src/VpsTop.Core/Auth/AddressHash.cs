using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// The hash of a source address that picks both its part of a sharded analysis (low bits) and its slot in a
/// <see cref="SourceTable"/> (high bits): computed once, where the line is parsed. Seeded per process, as
/// <see cref="HashCode"/> is: attackers choose their addresses (a /64 holds 2^64), and must not be able to pick ones
/// that collide. The mix is the high and low halves of one 128-bit product of the seeded halves.
/// </summary>
internal static class AddressHash
{
    private static readonly ulong Seed0 = RandomSeed(), Seed1 = RandomSeed();

    public static ulong Of(NetAddress address)
    {
        UInt128 bits = address.Bits;
        ulong high = Math.BigMul((ulong)bits ^ Seed0, (ulong)(bits >> 64) ^ Seed1 ^ address.Family, out ulong low);
        return high ^ low;
    }

    /// <summary>The part of a sharded analysis: an IPv6 address goes with its /64.</summary>
    public static int PartitionOf(NetAddress address) => (int)(Of(AuthAddress.Network64(address)) & int.MaxValue);

    // Random.Shared is seeded from the system's random bytes, like HashCode (and loads no crypto library)
    private static ulong RandomSeed() => (ulong)Random.Shared.NextInt64() << 1 ^ (ulong)Random.Shared.NextInt64();
}
