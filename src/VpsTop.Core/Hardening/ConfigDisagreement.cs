namespace VpsTop.Core.Hardening;

/// <summary>A keyword where our model and sshd -T differ, in sshd's printed form. sshd wins; the pane says so,
/// pointing at <see cref="Sources"/> (the lines our model took the value from).</summary>
public sealed record ConfigDisagreement(string Keyword, IReadOnlyList<string> Ours, IReadOnlyList<string> Sshd,
    IReadOnlyList<SshdDirective> Sources)
{
    public override string ToString() => $"{Keyword}: ours [{string.Join(", ", Ours)}] sshd [{string.Join(", ", Sshd)}]";
}
