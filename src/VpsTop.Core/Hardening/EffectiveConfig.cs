namespace VpsTop.Core.Hardening;

/// <summary>
/// What sshd would use, computed from the tree with sshd's own two passes (servconf.c): the global pass reads
/// every line outside Match blocks (and inside "Match all") with first-wins / accumulate / last-wins per keyword;
/// the connection pass reads only the Match blocks that apply to the <see cref="ConnectionContext"/> and each slot
/// it sets replaces the global value (copy_set_server_options). Defaults are not modelled: a slot no line sets
/// is absent. sshd -T is the authority; <see cref="SshdOracle.Disagreements"/> says where this model differs.
/// </summary>
public sealed class EffectiveConfig
{
    private readonly Dictionary<string, EffectiveSetting> _settings;

    private EffectiveConfig(Dictionary<string, EffectiveSetting> settings, List<SshdProblem> problems, ConnectionContext context)
    {
        _settings = settings;
        Problems = problems;
        Context = context;
    }

    public ConnectionContext Context { get; }

    public IReadOnlyDictionary<string, EffectiveSetting> Settings => _settings;

    /// <summary>Lines sshd rejects or ignores with a message (duplicate Subsystem, global-only keyword in Match,
    /// deprecated options …), in addition to the tree's own problems.</summary>
    public IReadOnlyList<SshdProblem> Problems { get; }

    /// <summary>The setting for a keyword in any spelling or alias, or null when no line sets it.</summary>
    public EffectiveSetting? Get(string keyword) => _settings.GetValueOrDefault(SshdKeywords.CanonicalOf(keyword));

    /// <summary>First value ("no" for PasswordAuthentication no), or null.</summary>
    public string? Value(string keyword) => Get(keyword)?.Values.FirstOrDefault();

    /// <summary>Computes the values for <paramref name="context"/> (default: as plain sshd -T, only "Match all").
    /// <paramref name="sshdVersion"/> decides which keywords a Match block may hold (Subsystem from 9.5); null: 9.2's table.</summary>
    public static EffectiveConfig Compute(SshdConfigTree tree, ConnectionContext? context = null, Version? sshdVersion = null)
    {
        context ??= ConnectionContext.None;
        var problems = new List<SshdProblem>();
        var global = new Dictionary<string, EffectiveSetting>(StringComparer.Ordinal);
        var matched = new Dictionary<string, EffectiveSetting>(StringComparer.Ordinal);
        foreach (SshdDirective d in tree.Directives)
        {
            SshdKeyword? k = d.Known;
            if (k is null || d.Line.IsMatch || d.Line.IsInclude) continue;
            if (k.Status is SshdKeywordStatus.Deprecated or SshdKeywordStatus.Unsupported)
                problems.Add(new SshdProblem(d.Where,
                    $"{(k.Status == SshdKeywordStatus.Deprecated ? "Deprecated" : "Unsupported")} option {d.Keyword} (ignored)",
                        SshdRejects: false));

            bool inMatch = sshdVersion is null ? k.AllowedInMatch : k.AllowedInMatchIn(sshdVersion);
            bool firstPass = ActiveInGlobalPass(d);
            if (firstPass) Apply(global, d, k, fromMatch: !d.IsGlobal, problems);
            else if (!inMatch)
                problems.Add(new SshdProblem(d.Where, $"Directive '{d.Keyword}' is not allowed within a Match block", SshdRejects: true));

            bool secondPass = inMatch && ActiveInConnectionPass(d, context);
            if (secondPass) Apply(matched, d, k, fromMatch: true, problems: null);
        }
        foreach (var (slot, setting) in matched) global[slot] = setting;
        return new EffectiveConfig(global, problems, context);
    }

    /// <summary>The lines sshd reads as active, in order (what sshd -T -ddd prints as "setting"): without
    /// <paramref name="context"/> the global pass (global lines and "Match all" blocks), with it the connection pass
    /// (only lines inside Match blocks that apply; <see cref="ConnectionContext.None"/> is plain sshd -T).</summary>
    public static IReadOnlyList<SshdDirective> ActiveLines(SshdConfigTree tree, ConnectionContext? context = null) =>
        tree.Directives
            .Where(d => !d.Line.IsMatch && !d.Line.IsInclude)
            .Where(d => context is null ? ActiveInGlobalPass(d) : ActiveInConnectionPass(d, context))
            .ToList();

    private static bool ActiveInGlobalPass(SshdDirective d) => d.Conditions.All(c => SshdMatchLine.Matches(c.Line, null));

    private static bool ActiveInConnectionPass(SshdDirective d, ConnectionContext context) =>
        !d.IsGlobal && d.Conditions.All(c => SshdMatchLine.Matches(c.Line, context));

    private static void Apply(Dictionary<string, EffectiveSetting> slots, SshdDirective d, SshdKeyword k, bool fromMatch,
        List<SshdProblem>? problems)
    {
        string slot = k.Canonical;
        EffectiveSetting? current = slots.GetValueOrDefault(slot);
        switch (k.Rule)
        {
            case SshdKeywordRule.FirstWins:
                if (current is null) slots[slot] = new EffectiveSetting(slot, d.Args, [d], fromMatch);
                break;
            case SshdKeywordRule.LastWins:
                slots[slot] = new EffectiveSetting(slot, d.Args, [d], fromMatch);
                break;
            case SshdKeywordRule.Accumulate:
                slots[slot] = current is null
                    ? new EffectiveSetting(slot, d.Args, [d], fromMatch)
                    : current with { Values = [.. current.Values, .. d.Args], Sources = [.. current.Sources, d] };
                break;
            case SshdKeywordRule.UniqueByName:
                if (d.Args.Count == 0) break;
                if (current is not null && current.Values.Any(v => v.Split(' ')[0] == d.Args[0]))
                {
                    problems?.Add(new SshdProblem(d.Where, $"Subsystem '{d.Args[0]}' already defined.", SshdRejects: true));
                    break;
                }
                string entry = string.Join(' ', d.Args);
                slots[slot] = current is null
                    ? new EffectiveSetting(slot, [entry], [d], fromMatch)
                    : current with { Values = [.. current.Values, entry], Sources = [.. current.Sources, d] };
                break;
        }
    }

    /// <summary>Match-scoped lines that set <paramref name="keyword"/> (any alias): the blocks that can override a
    /// global value for some connections (e.g. "Match Address 10.0.0.0/8" + "PasswordAuthentication yes").
    /// <paramref name="context"/> given: only blocks that apply to it.</summary>
    public static IReadOnlyList<SshdDirective> MatchOverrides(SshdConfigTree tree, string keyword, ConnectionContext? context = null)
    {
        string slot = SshdKeywords.CanonicalOf(keyword);
        return tree.Directives
            .Where(d => !d.IsGlobal && !d.Line.IsMatch && d.Known?.Canonical == slot)
            .Where(d => context is null || d.Conditions.All(c => SshdMatchLine.Matches(c.Line, context)))
            .ToList();
    }
}
