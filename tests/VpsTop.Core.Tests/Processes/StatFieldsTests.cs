using System.Text;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Tests.Processes;

public class StatFieldsTests
{
    private static byte[] Captured(string pid) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc-tree", "proc", pid, "stat"));

    [Fact]
    public void CommWithSpacesAndParensIsTakenUpToTheLastParen()
    {
        Assert.True(StatFields.TryParse(Captured("30022"), out StatFields f));
        Assert.Equal(30022, f.Pid);
        Assert.Equal("a) b (c", f.Comm);
        Assert.Equal('S', f.State);
        Assert.Equal(30016, f.ParentPid);
        Assert.Equal(208483UL, f.StartTimeTicks);
        Assert.False(f.IsKernelThread);
    }

    [Fact]
    public void CommWithANewlineParses()
    {
        Assert.True(StatFields.TryParse(Captured("30023"), out StatFields f));
        Assert.Equal("x\ny) z", f.Comm);
        Assert.Equal(208484UL, f.StartTimeTicks);
    }

    [Fact]
    public void KthreaddHasPfKthread()
    {
        Assert.True(StatFields.TryParse(Captured("2"), out StatFields f));
        Assert.Equal("kthreadd", f.Comm);
        Assert.True(f.IsKernelThread);
        Assert.Equal(0, f.ParentPid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage without any parens")]
    [InlineData("12 (trunc) S 1 12 12 0 -1 4194304 135 0")]
    [InlineData(")( S 1 2 3")]
    [InlineData("12 (x) S 1 12 12 0 -1 4194304 135 0 0 0 0 0 0 0 20 0 1 0 notanumber 0")]
    [InlineData("12 (x) S  1 12 12 0 -1 4194304 135 0 0 0 0 0 0 0 20 0 1 0 1 0")]
    [InlineData("abc (x) S 1 12 12 0 -1 4194304 135 0 0 0 0 0 0 0 20 0 1 0 1 0")]
    [InlineData("(x) S 1 12 12 0 -1 4194304 135 0 0 0 0 0 0 0 20 0 1 0 1 0")]
    public void BrokenStatIsRejected(string text)
    {
        Assert.False(StatFields.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void StartTimeAloneMatchesFullParse()
    {
        Assert.True(StatFields.TryParseStartTime(Captured("30022"), out ulong start));
        Assert.Equal(208483UL, start);
        Assert.False(StatFields.TryParseStartTime("1 (x) S 1"u8, out _));
    }

    [Fact]
    public void StatEndingExactlyAtStartTimeParses()
    {
        Assert.True(StatFields.TryParse("7 (x) R 1 7 7 0 -1 64 0 0 0 0 0 0 0 0 20 0 1 0 99"u8, out StatFields f));
        Assert.Equal(99UL, f.StartTimeTicks);
        Assert.Equal(64U, f.Flags);
    }
}
