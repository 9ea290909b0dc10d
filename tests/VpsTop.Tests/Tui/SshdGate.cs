using VpsTop.Core.Tests.Support;

namespace VpsTop.Tests.Tui;

/// <summary>
/// A slow sshd the test controls: a wrapper script that, while the gate (a FIFO) exists, waits reading it, then runs
/// the real /usr/sbin/sshd. <see cref="WaitForSshd"/> returns once the wrapper is held there (its open for writing
/// completes only when the wrapper reads), <see cref="Open"/> lets it and every later call through.
/// </summary>
internal sealed class SshdGate : IDisposable
{
    private readonly string _fifo;
    private FileStream? _writer;

    public SshdGate(string dir)
    {
        Sshd = Path.Combine(dir, "sshd-gated");
        _fifo = Path.Combine(dir, "sshd-gate");
        File.WriteAllText(Sshd, $"#!/bin/sh\n[ -p '{_fifo}' ] && cat '{_fifo}' >/dev/null 2>&1\nexec /usr/sbin/sshd \"$@\"\n");
        File.SetUnixFileMode(Sshd, (UnixFileMode)0b111_101_101);
    }

    /// <summary>The wrapper's path, for an <see cref="Core.Hardening.SshdOracle"/>.</summary>
    public string Sshd { get; }

    /// <summary>From now on sshd waits at the gate.</summary>
    public void Close() => Run.Checked("/usr/bin/mkfifo", _fifo);

    /// <summary>Waits until sshd is called and held at the gate; fails after <paramref name="seconds"/>.</summary>
    public void WaitForSshd(int seconds = 30)
    {
        var open = Task.Run(() => new FileStream(_fifo, FileMode.Open, FileAccess.Write));
        if (!open.Wait(TimeSpan.FromSeconds(seconds))) throw new TimeoutException($"sshd was not called within {seconds} s");
        _writer = open.Result;
    }

    /// <summary>Lets the held sshd go on (end of file at the gate), and every later one straight through.</summary>
    public void Open()
    {
        File.Delete(_fifo);
        _writer?.Dispose();
        _writer = null;
    }

    public void Dispose()
    {
        if (File.Exists(_fifo))
        {
            // A wrapper may still wait to open the gate: a reader-writer open never blocks and lets it through.
            using (new FileStream(_fifo, FileMode.Open, FileAccess.ReadWrite)) { }
            File.Delete(_fifo);
        }
        _writer?.Dispose();
    }
}
