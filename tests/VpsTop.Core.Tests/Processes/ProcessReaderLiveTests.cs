using System.Text;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Processes;

public sealed class ProcessReaderLiveTests : IDisposable
{
    private readonly Children _children = new();
    private readonly ProcessReader _reader = new(SystemRoot.Live);
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-live-").FullName;

    public void Dispose()
    {
        _children.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void ReadsAChild()
    {
        var child = _children.Sleep(60);
        ProcessIdentity p = _reader.TryRead(child.Id)!;
        Assert.Equal("sleep", p.Comm);
        Assert.Equal(Environment.ProcessId, p.ParentPid);
        Assert.Equal(["/bin/sleep", "60"], p.Cmdline);
        Assert.EndsWith("/sleep", p.Exe);
        Assert.Null(p.ExeError);
        Assert.Equal((uint)0, p.Uid);
        Assert.Equal("root", p.User);
        Assert.False(p.IsKernelThread);
        Assert.InRange(p.StartTime, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public void ChildDetailsListThisProcessAsAncestor()
    {
        var child = _children.Sleep(60);
        ProcessDetails d = _reader.TryReadDetails(child.Id)!;
        Assert.Equal(Environment.ProcessId, d.Ancestors[0].Pid);
        Assert.Equal(1, d.Ancestors[^1].Pid);
        Assert.Equal("/", d.Cwd); // Children starts every child in /
        Assert.NotNull(d.CgroupPath);
    }

    [Fact]
    public void ExitedChildIsNull()
    {
        var child = _children.Sleep(60);
        child.Kill();
        child.WaitForExit();
        Assert.Null(_reader.TryRead(child.Id));
    }

    [Fact]
    public void LiveKernelThreadIsRecognised()
    {
        ProcessIdentity p = _reader.TryRead(2)!;
        Assert.True(p.IsKernelThread);
        Assert.Equal("kernel thread", p.ExeError);
    }

    [Fact]
    public void HostileNameAndArgvAreReadRaw()
    {
        const string hostile = "\u001b[31mevil\u202e";
        string exe = Path.Combine(_dir, hostile);
        ExecutableCopy.Make("/bin/sleep", exe);
        // argv[0] is whatever the parent says it is (bash's exec -a); sleep would reject an extra argument.
        var child = _children.StartNoWait("/bin/bash", "-c", "exec -a \"$1\" \"$2\" 60", "_", hostile + "\u200b\r\n", exe);

        // Right after fork the child may not have exec'd yet: wait until it is the program we started. The kernel names
        // the new program before it lays out its arguments, so an empty cmdline is still the exec under way.
        ProcessIdentity p = Poll.Until(() => _reader.TryRead(child.Id),
            x => x is not null && x.Comm == hostile && x.Exe is not null && x.Cmdline.Count > 0,
            "the child to exec the hostile copy", describe: Describe)!;
        Assert.Equal(hostile, p.Comm);
        Assert.Equal(exe, p.Exe);
        Assert.Equal([hostile + "\u200b\r\n", "60"], p.Cmdline);
    }

    [Fact]
    public unsafe void InvalidUtf8ExeNameDoesNotCrash()
    {
        string copy = Path.Combine(_dir, "sleep-copy");
        ExecutableCopy.Make("/bin/sleep", copy);
        byte[] bad = [.. Encoding.UTF8.GetBytes(_dir + "/bad-"), 0xff, 0xfe, (byte)'x', 0];
        byte[] from = [.. Encoding.UTF8.GetBytes(copy), 0];
        fixed (byte* f = from)
        fixed (byte* b = bad)
            Assert.Equal(0, TestLibc.link(f, b));
        try
        {
            ReadsInvalidUtf8Exe();
        }
        finally
        {
            fixed (byte* b = bad) TestLibc.unlink(b); // the BCL cannot name it, so Directory.Delete would fail
        }
    }

    private void ReadsInvalidUtf8Exe()
    {
        // The BCL cannot pass raw bytes in argv, so a shell's printf builds the name and execs it.
        var child = _children.StartNoWait("/bin/sh", "-c", $"exec \"$(printf '{_dir}/bad-\\377\\376x')\" 60");
        ProcessIdentity p = Poll.Until(() => _reader.TryRead(child.Id), x => x is not null && x.Comm != "sh",
            "the shell to exec the file with the invalid name", describe: Describe)!;
        Assert.Equal(_dir + "/bad-\uFFFD\uFFFDx", p.Exe);
        Assert.Equal("bad-\uFFFD\uFFFDx", p.Comm);
    }

    private static string Describe(ProcessIdentity? p) => p is null ? "no such process" : $"comm '{p.Comm}', exe '{p.Exe}'";
}
