namespace VpsTop.Core.Hardening;

/// <summary>One run of the sshd binary: exit code (-1 when it timed out and was killed), stdout, and stderr lines
/// with the '\r' sshd puts before each '\n' removed. Text comes from files on the disk: sanitize before rendering.</summary>
public sealed record SshdRun(int ExitCode, string Stdout, IReadOnlyList<string> Stderr, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;
}
