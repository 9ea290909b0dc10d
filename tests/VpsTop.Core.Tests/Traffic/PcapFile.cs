using System.Buffers.Binary;
using VpsTop.Core.Traffic;

namespace VpsTop.Core.Tests.Traffic;

/// <summary>The classic pcap file format (24-byte header, 16-byte record headers), enough to replay the
/// captured fixtures; microsecond and nanosecond magic, either byte order.</summary>
internal sealed record PcapFile(LinkType Link, IReadOnlyList<(byte[] Data, uint WireLength)> Frames)
{
    public static PcapFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        bool little = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        Assert.True(little || magic is 0xD4C3B2A1 or 0x4D3CB2A1, $"{path}: not a pcap file");
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at))
            : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
        var link = (LinkType)(int)U32(20);
        var frames = new List<(byte[], uint)>();
        for (int at = 24; at + 16 <= bytes.Length;)
        {
            int captured = (int)U32(at + 8);
            uint wire = U32(at + 12);
            frames.Add((bytes.AsSpan(at + 16, captured).ToArray(), wire));
            at += 16 + captured;
        }
        return new PcapFile(link, frames);
    }
}
