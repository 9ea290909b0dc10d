using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VpsTop.Core.Text;

/// <summary>
/// Equality of the short texts a log parser compares on every line (the last stamp, host, tag, user name): up to 16
/// characters as two overlapping loads, inline, where <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
/// is a call that first dispatches on the length. Longer texts go to it.
/// </summary>
public static class ShortChars
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int n = a.Length;
        if (n != b.Length) return false;
        ref byte x = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(a));
        ref byte y = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(b));
        if (n >= 8 && n <= 16 && Vector128.IsHardwareAccelerated)
        {
            nuint tail = (nuint)(n * 2 - 16);
            return Vector128.LoadUnsafe(ref x) == Vector128.LoadUnsafe(ref y)
                && Vector128.LoadUnsafe(ref x, tail) == Vector128.LoadUnsafe(ref y, tail);
        }
        if (n >= 4 && n < 8)
        {
            int tail = n * 2 - 8;
            return Unsafe.ReadUnaligned<ulong>(ref x) == Unsafe.ReadUnaligned<ulong>(ref y)
                && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, tail)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, tail));
        }
        return a.SequenceEqual(b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StartsWith(ReadOnlySpan<char> text, ReadOnlySpan<char> prefix) =>
        text.Length >= prefix.Length && Equal(text[..prefix.Length], prefix);
}
