namespace VpsTop.Core.Hardening;

/// <summary>
/// A directive as sshd reads it, in read order, with its provenance (<see cref="File"/>, 1-based
/// <see cref="LineNumber"/>, <see cref="Index"/> into that file's document). <see cref="Conditions"/> are the Match
/// lines that must all match for it to apply, outermost first: empty for global lines; a file included from
/// inside a Match block inherits that block, and a Match opened inside an included file ends with that file.
/// </summary>
public sealed record SshdDirective(string File, int Index, SshdConfigLine Line, IReadOnlyList<SshdDirective> Conditions)
{
    public int LineNumber => Index + 1;

    public string Keyword => Line.Keyword!;

    public IReadOnlyList<string> Args => Line.Args;

    public SshdKeyword? Known => SshdKeywords.Find(Keyword);

    public bool IsGlobal => Conditions.Count == 0;

    /// <summary>"/etc/ssh/sshd_config.d/50-cloud-init.conf:1" (sanitize before rendering: paths come from the disk).</summary>
    public string Where => $"{File}:{LineNumber}";

    public override string ToString() => $"{Where} {Line.Text.Trim()}";
}
