namespace VpsTop.Core.Hardening;

/// <summary>Something about the config worth telling the admin. <see cref="SshdRejects"/>: sshd -t fails on it
/// (the daemon would not start or reload). <see cref="Where"/> is "file:line" or a file; text from the disk,
/// so sanitize before rendering.</summary>
public sealed record SshdProblem(string Where, string Message, bool SshdRejects)
{
    public override string ToString() => $"{Where}: {Message}";
}
