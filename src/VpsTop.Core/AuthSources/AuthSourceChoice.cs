namespace VpsTop.Core.AuthSources;

/// <summary>
/// The probe's answer: the sources to read (journal first when it has sshd entries, then the first usable file;
/// when both are chosen, feed both through one <see cref="AuthLineDeduplicator"/>), and why every other one was not
/// used, for the pane's "tried: journal (no systemd), /var/log/auth.log (permission denied)".
/// </summary>
public sealed record AuthSourceChoice(IReadOnlyList<AuthSource> Chosen, IReadOnlyList<AuthSourceFailure> Failures)
{
    public bool HasSource => Chosen.Count > 0;
}
