using VpsTop.Core.Text;

namespace VpsTop.Core.Tests.Text;

public sealed class ShortCharsTests
{
    [Fact]
    public void Agrees_with_SequenceEqual_for_every_length_and_every_differing_position()
    {
        // slices at odd offsets of a bigger buffer, so that loads are unaligned and the buffer goes on after them
        var buffer = "xNov 29 07:06:28 vps1 sshd[20005]: Failed password for invalid user ftpuser from 1.2.3.4".ToCharArray();
        var copy = (char[])buffer.Clone();
        for (int length = 0; length <= 40; length++)
        {
            var a = buffer.AsSpan(1, length);
            var b = copy.AsSpan(1, length);
            Assert.True(ShortChars.Equal(a, b));
            Assert.True(ShortChars.StartsWith(buffer.AsSpan(1), b));
            Assert.False(ShortChars.Equal(a, copy.AsSpan(1, length + 1)));
            for (int at = 0; at < length; at++)
            {
                char kept = copy[1 + at];
                copy[1 + at] = (char)(kept ^ 0x0100); // differs in the high byte only
                Assert.False(ShortChars.Equal(a, b), $"length {length}, differing at {at}");
                Assert.False(ShortChars.StartsWith(buffer.AsSpan(1), b));
                copy[1 + at] = kept;
            }
        }
        Assert.False(ShortChars.StartsWith("short", "shorter"));
    }
}
