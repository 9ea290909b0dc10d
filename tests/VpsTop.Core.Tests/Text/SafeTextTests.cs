using VpsTop.Core.Text;

namespace VpsTop.Core.Tests.Text;

public class SafeTextTests
{
    [Theory]
    [InlineData("sshd")]
    [InlineData("nginx: worker process")]
    [InlineData("python3.11 -m http.server 8000")]
    [InlineData("Jürgen 用户 😀")]
    public void Ordinary_text_is_returned_unchanged_without_copying(string text)
    {
        Assert.Same(text, SafeText.Sanitize(text));
        Assert.Equal(-1, SafeText.IndexOfUnsafe(text));
    }

    [Fact]
    public void Escape_sequences_are_shown_not_obeyed()
    {
        string hostile = "\u001b[2J\u001b]0;pwned\u0007evil";
        string safe = SafeText.Sanitize(hostile);
        Assert.Equal("\\x1b[2J\\x1b]0;pwned\\x07evil", safe);
        Assert.DoesNotContain('\u001b', safe);
    }

    [Fact]
    public void C1_controls_and_DEL_are_escaped()
    {
        // U+009B is the 8-bit CSI: some terminals obey it like ESC [.
        Assert.Equal("a\\x9b31mb\\x7f", SafeText.Sanitize("a\u009b31mb\u007f"));
    }

    [Fact]
    public void Newlines_and_tabs_cannot_forge_extra_rows()
    {
        Assert.Equal("x\\ny\\r\\tz", SafeText.Sanitize("x\ny\r\tz"));
    }

    [Theory]
    [InlineData("evil\u202Egnp.exe", "evil\\u202egnp.exe")]
    [InlineData("a\u2066b\u2069", "a\\u2066b\\u2069")]
    [InlineData("ro\u200Bot", "ro\\u200bot")]
    [InlineData("\uFEFFroot", "\\ufeffroot")]
    public void Bidi_and_zero_width_characters_are_made_visible(string hostile, string expected)
    {
        Assert.Equal(expected, SafeText.Sanitize(hostile));
    }

    [Fact]
    public void Tag_characters_outside_the_BMP_are_made_visible()
    {
        string tagged = "root" + char.ConvertFromUtf32(0xE0041);
        Assert.Equal("root\\u{e0041}", SafeText.Sanitize(tagged));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.Equal("a\uFFFDb", SafeText.Sanitize("a\uD800b"));
    }

    [Fact]
    public void Long_text_is_capped_with_an_ellipsis()
    {
        string s = SafeText.Sanitize(new string('a', 100), maxLength: 10);
        Assert.Equal(10, s.Length);
        Assert.EndsWith("…", s);
    }

    [Fact]
    public void Null_and_empty_are_empty()
    {
        Assert.Equal("", SafeText.Sanitize(null));
        Assert.Equal("", SafeText.Sanitize(""));
    }
}
