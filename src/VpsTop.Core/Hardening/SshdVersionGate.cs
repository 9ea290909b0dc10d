namespace VpsTop.Core.Hardening;

/// <summary>Keywords the installed sshd does not know yet (PerSourcePenalties on 9.2: "Bad configuration option",
/// rc 255) or no longer knows: the plan layer must not write them, and existing ones break any reload.</summary>
public static class SshdVersionGate
{
    public static IReadOnlyList<SshdProblem> Problems(SshdConfigTree tree, Version sshd)
    {
        var problems = new List<SshdProblem>();
        foreach (SshdDirective d in tree.Directives)
        {
            SshdKeyword? k = d.Known;
            if (k is null || k.ExistsIn(sshd)) continue;
            string when = k.Since is not null && sshd < k.Since ? $"added in OpenSSH {k.Since}" : $"removed in OpenSSH {k.RemovedIn}";
            problems.Add(new SshdProblem(d.Where, $"Bad configuration option: {d.Keyword} ({when}; this sshd is {sshd})",
                SshdRejects: true));
        }
        return problems;
    }

    /// <summary>Can <paramref name="keyword"/> be written for this sshd?</summary>
    public static bool Supports(string keyword, Version sshd) => SshdKeywords.Find(keyword)?.ExistsIn(sshd) == true;
}
