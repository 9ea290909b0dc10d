namespace VpsTop.Core.Hardening;

/// <summary>One sshd_config keyword: its slot (<see cref="Canonical"/>, lower case as sshd -T prints it), how lines
/// combine, whether it may appear in a Match block, and the OpenSSH versions it exists in.</summary>
public sealed record SshdKeyword(
    string Name,
    string Canonical,
    SshdKeywordRule Rule,
    bool AllowedInMatch,
    SshdValueForm Form,
    SshdKeywordStatus Status = SshdKeywordStatus.Current,
    Version? Since = null,
    Version? RemovedIn = null,
    Version? AllowedInMatchSince = null)
{
    /// <summary>Does sshd <paramref name="sshd"/> know this keyword (else "Bad configuration option", rc 255)?</summary>
    public bool ExistsIn(Version sshd) => (Since is null || sshd >= Since) && (RemovedIn is null || sshd < RemovedIn);

    public bool AllowedInMatchIn(Version sshd) => AllowedInMatch || (AllowedInMatchSince is not null && sshd >= AllowedInMatchSince);

    /// <summary>Takes one value per line (Port 22 / Port 2222): several values are several lines.</summary>
    public bool OneValuePerLine => Canonical is "port" or "hostkey" or "hostcertificate" or "listenaddress";

    /// <summary>Changes what sshd does (not deprecated, ignored or unsupported).</summary>
    public bool HasEffect => Rule is not (SshdKeywordRule.NoEffect or SshdKeywordRule.Structure);
}
