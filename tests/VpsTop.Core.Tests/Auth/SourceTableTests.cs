using VpsTop.Core.Auth;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Auth;

public sealed class SourceTableTests
{
    private static NetAddress V4(uint value) => NetAddress.FromV4(value);
    private static NetAddress V6(ulong high, ulong low) => new(new UInt128(high, low), 6);

    [Fact]
    public void Finds_every_source_it_was_given_as_a_dictionary_would_through_growth()
    {
        var table = new SourceTable();
        var reference = new Dictionary<NetAddress, SourceStats>();
        var random = new Random(7);
        // IPv4 scattered and in runs, IPv6 mostly inside one /64 (a rotating attacker), some repeated
        var keys = new List<NetAddress>();
        for (int i = 0; i < 20_000; i++) keys.Add(V4((uint)random.Next()));
        for (uint i = 0; i < 5_000; i++) keys.Add(V4(0xC6336400 + i));
        for (ulong i = 0; i < 5_000; i++) keys.Add(V6(0x20010db800010002, (ulong)random.NextInt64()));
        for (ulong i = 0; i < 2_000; i++) keys.Add(V6(0x20010db800000000 + i, 1));
        keys.AddRange(keys.Take(3_000).ToList());
        keys.Add(V4(0)); // 0.0.0.0 and :: are keys like any other
        keys.Add(V6(0, 0));

        foreach (var key in keys)
        {
            var stats = table.GetOrAdd(key, AddressHash.Of(key), null);
            if (reference.TryGetValue(key, out var known)) Assert.Same(known, stats);
            else reference[key] = stats;
            Assert.Equal(key, stats.Address);
        }

        Assert.Equal(reference.Count, table.Count);
        foreach (var (key, stats) in reference)
        {
            Assert.True(table.TryGetValue(key, out var found));
            Assert.Same(stats, found);
            Assert.Same(stats, table[key]);
            Assert.Same(stats, table.Find(key, AddressHash.Of(key)));
            Assert.Same(stats, table.PrefetchStats(key, AddressHash.Of(key)));
        }
        Assert.Equal(reference.ContainsKey(V4(0x01020304)), table.ContainsKey(V4(0x01020304)));
        Assert.False(table.TryGetValue(V6(1, 1), out _));
        Assert.Null(table.PrefetchStats(V6(1, 1), AddressHash.Of(V6(1, 1))));
        Assert.Throws<KeyNotFoundException>(() => table[V6(1, 1)]);
        Assert.Equal(reference.Keys.ToHashSet(), table.Keys.ToHashSet());
        Assert.Equal(reference.Count, table.Values.Count());
        Assert.Equal(reference.Count, table.Count());
    }

    [Fact]
    public void Joined_parts_keep_their_stats_and_refuse_a_second_copy()
    {
        var part = new SourceTable();
        for (uint i = 0; i < 1_000; i++) part.GetOrAdd(V4(i), AddressHash.Of(V4(i)), null).Failures = (int)i;
        var all = new SourceTable();
        all.EnsureCapacity(part.Count);
        foreach (var stats in part.Values) all.Add(stats);
        Assert.Equal(1_000, all.Count);
        for (uint i = 0; i < 1_000; i++) Assert.Equal((int)i, all[V4(i)].Failures);
        Assert.Throws<ArgumentException>(() => all.Add(part[V4(5)]));
        all.EnsureCapacity(100_000); // re-places what it holds
        Assert.Equal(999, all[V4(999)].Failures);
    }
}
