using System.Net;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

public class NetAddressTests
{
    [Fact]
    public void V4_formats_as_dotted_quad_and_brackets_nothing()
    {
        var a = NetAddress.FromV4(0x7F000001);
        Assert.Equal("127.0.0.1", a.ToString());
        Assert.Equal("127.0.0.1", a.ToDisplayString());
        Assert.Equal("127.0.0.1:8080", a.WithPort(8080));
        Assert.True(a.IsLoopback);
        Assert.False(a.IsV4Mapped);
    }

    [Fact]
    public void V6_formats_per_rfc5952_and_brackets_with_port()
    {
        var a = NetAddress.FromIPAddress(IPAddress.Parse("2001:db8:0:0:0:0:0:1"));
        Assert.Equal(6, a.Family);
        Assert.Equal("2001:db8::1", a.ToString());
        Assert.Equal("[2001:db8::1]:443", a.WithPort(443));
        Assert.Equal("[::1]:22", NetAddress.FromIPAddress(IPAddress.IPv6Loopback).WithPort(22));
        Assert.Equal("[::]:0", new NetAddress(UInt128.Zero, 6).WithPort(0));
    }

    [Fact]
    public void Mapped_v4_keeps_canonical_text_but_displays_as_plain_v4()
    {
        var mapped = NetAddress.FromIPAddress(IPAddress.Parse("::ffff:203.0.113.7"));
        Assert.True(mapped.IsV4Mapped);
        Assert.Equal("::ffff:203.0.113.7", mapped.ToString());
        Assert.Equal("203.0.113.7", mapped.ToDisplayString());
        Assert.Equal("203.0.113.7:5000", mapped.WithPort(5000));
        Assert.Equal(NetAddress.FromV4(0xCB007107), mapped.Folded);
    }

    [Fact]
    public void Round_trips_through_IPAddress()
    {
        foreach (string text in new[] { "0.0.0.0", "10.1.2.3", "255.255.255.255", "::", "fe80::1", "::ffff:127.0.0.1" })
            Assert.Equal(IPAddress.Parse(text), NetAddress.FromIPAddress(IPAddress.Parse(text)).ToIPAddress());
    }
}
