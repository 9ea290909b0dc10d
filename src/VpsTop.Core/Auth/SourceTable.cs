using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Auth;

/// <summary>
/// The sources of an <see cref="AuthAnalysis"/> by address: an open-addressing table whose slots hold the key and its
/// stats together, so a lookup is one cache line and, with the hash known ahead (<see cref="AddressHash"/>, computed
/// where the line was parsed), that line and the stats it points to can be fetched before they are needed
/// (<see cref="Prefetch"/>, <see cref="PrefetchStats"/>). A big log's 100,000 sources do not fit the caches: waiting
/// for them was most of the analysis. Sources are never removed.
/// </summary>
internal sealed class SourceTable : IReadOnlyDictionary<NetAddress, SourceStats>
{
    private struct Slot
    {
        public NetAddress Key;
        public SourceStats? Value;
    }

    private Slot[] _slots = new Slot[256];
    private int _shift = 64 - 8;
    private int _count;

    public int Count => _count;

    /// <summary>The slot index of a hash: its top bits (the low ones pick the part of a sharded analysis).</summary>
    private int Home(ulong hash) => (int)(hash >> _shift);

    /// <summary>The stats of the address, new ones made with <paramref name="time"/> as first seen.</summary>
    public SourceStats GetOrAdd(NetAddress key, ulong hash, DateTimeOffset? time)
    {
        ref Slot slot = ref SlotOf(key, hash);
        if (slot.Value is null)
        {
            if (_count + 1 > _slots.Length / 2)
            {
                Grow();
                return GetOrAdd(key, hash, time);
            }
            slot.Key = key;
            _count++;
            slot.Value = new SourceStats(key, time);
        }
        return slot.Value;
    }

    /// <summary>Room for this many sources without growing (each growth re-places every source).</summary>
    public void EnsureCapacity(int count)
    {
        if (count <= _slots.Length / 2) return;
        var old = _slots;
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)count * 2);
        _slots = new Slot[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        _count = 0;
        foreach (ref readonly Slot s in old.AsSpan())
            if (s.Value is { } stats) Add(stats);
    }

    /// <summary>Adds stats made elsewhere (the parts of a sharded analysis being joined); their address is new here.</summary>
    public void Add(SourceStats stats)
    {
        if (_count + 1 > _slots.Length / 2) Grow();
        ref Slot slot = ref SlotOf(stats.Address, AddressHash.Of(stats.Address));
        if (slot.Value is not null) throw new ArgumentException($"{stats.Address} is already in the table");
        (slot.Key, slot.Value) = (stats.Address, stats);
        _count++;
    }

    /// <summary>The key's slot, or the empty one where it would go.</summary>
    private ref Slot SlotOf(NetAddress key, ulong hash)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(hash); ; i = (i + 1) & mask)
        {
            ref Slot slot = ref slots[i];
            if (slot.Value is null || slot.Key == key) return ref slot;
        }
    }

    public SourceStats? Find(NetAddress key, ulong hash) => SlotOf(key, hash).Value;

    public bool TryGetValue(NetAddress key, [MaybeNullWhen(false)] out SourceStats value) => (value = Find(key,
        AddressHash.Of(key))) is not null;

    /// <summary>Asks for the hash's slot to be brought into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong hash)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Home(hash)]));
    }

    /// <summary>Asks for the stats of a known address to be brought into the cache (a lookup whose slot
    /// <see cref="Prefetch"/> already asked for), and returns them; null for an address not in the table yet.</summary>
    public unsafe SourceStats? PrefetchStats(NetAddress key, ulong hash)
    {
        if (Find(key, hash) is not { } stats) return null;
        if (Sse.IsSupported)
        {
            // the object's address as a number, not dereferenced: that load is the wait this avoids
            nint at = Unsafe.As<SourceStats, nint>(ref stats);
            for (int line = 0; line < SourceStats.ApproximateBytes; line += 64) Sse.Prefetch0((void*)(at + line));
        }
        return stats;
    }

    private void Grow() => EnsureCapacity(_slots.Length);

    public SourceStats this[NetAddress key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key.ToString());
    public bool ContainsKey(NetAddress key) => TryGetValue(key, out _);

    public IEnumerable<NetAddress> Keys => this.Select(kv => kv.Key);
    public IEnumerable<SourceStats> Values
    {
        get
        {
            foreach (var slot in _slots)
                if (slot.Value is { } value) yield return value;
        }
    }

    public IEnumerator<KeyValuePair<NetAddress, SourceStats>> GetEnumerator()
    {
        foreach (var slot in _slots)
            if (slot.Value is { } value) yield return new(slot.Key, value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
