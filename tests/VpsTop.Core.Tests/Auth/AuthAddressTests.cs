using System.Net;
using VpsTop.Core.Auth;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Auth;

/// <summary>The IPv6 reader against the runtime's IPAddress.TryParse on the same text: every compression, the dotted
/// tail, upper and lower case, and malformed forms, written out and generated.</summary>
public sealed class AuthAddressTests
{
    private static readonly string[] Written =
    [
        "::", "::1", "1::", "1::2", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:db8:0:0:1:0:0:1", "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::3:4:5:6:7:8", "1:2:3:4:5:6::8", "0:0:0:0:0:0:0:0",
        "::ffff:192.0.2.1", "::192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:192.0.2.1", "1::5:6:192.0.2.1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "0001:0002:0003:0004:0005:0006:0007:0008", "00000::1", "12345::1", ":::", "1:::2", "1::2::3", ":1::", "1::2:", ":1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:192.0.2.1",
        "::192.0.2", "::192.0.2.1.5", "192.0.2.1::", "1:192.0.2.1:2::", "::ffff:", "1:", ":", "::.", "a:b:c:d:e:f:a:b",
        "::ffff:0:192.0.2.1", "1:2:3:4:5::192.0.2.1", "1:2:3:4:5:6::192.0.2.1",
    ];

    [Fact]
    public void Ipv6ReadsAsTheRuntimeReadsIt()
    {
        var rnd = new Random(6);
        var texts = new List<string>(Written);
        for (int n = 0; n < 20_000; n++)
        {
            var bytes = new byte[16];
            rnd.NextBytes(bytes);
            for (int k = 0; k < 16; k++) if (rnd.Next(3) == 0) bytes[k] = 0; // runs of zero groups to compress
            var ip = new IPAddress(bytes);
            string text = ip.ToString();
            texts.Add(text);
            texts.Add(rnd.Next(2) == 0 ? text.ToUpperInvariant() : string.Join(':',
                text.Split(':').Select(g => g.Length is > 0 and < 4 && rnd.Next(2) == 0 ? g.PadLeft(4, '0') : g)));
            texts.Add(text.Remove(rnd.Next(text.Length), 1));                      // a character gone
            texts.Add(text.Insert(rnd.Next(text.Length + 1), rnd.Next(2) == 0 ? ":" : "0"));
        }
        int valid = 0;
        foreach (string text in texts)
        {
            bool expected = IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            bool actual = AuthAddress.TryParse(text, out var address);
            // a dotted tail is also held to the strict IPv4 rules (no leading zeros), so it may only refuse more
            if (text.Contains('.') && !actual) continue;
            Assert.True(expected == actual, $"'{text}': runtime {expected}, vpstop {actual}");
            if (!actual) continue;
            valid++;
            Assert.Equal(NetAddress.FromIPAddress(ip!).Folded, address);
        }
        Assert.True(valid > 30_000, $"{valid} valid");
    }
}
