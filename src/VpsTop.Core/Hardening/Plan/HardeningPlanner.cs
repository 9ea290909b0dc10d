using VpsTop.Core.Hardening.Plan.Guards;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>
/// Turns chosen baseline items and --set overrides into a placement plan, runs the lockout guards on the planned
/// configuration as the admin's connection sees it, and (with an sshd) proves the staged result with sshd -t/-T.
/// <c>sshdOptions</c> are extra -o options for those runs (a HostKey when the tree names none readable).
/// </summary>
public static class HardeningPlanner
{
    public static HardeningPlan Plan(SshdConfigTree tree, IReadOnlyList<BaselineItem> chosen, IReadOnlyList<string> sets,
        AdminSession admin, SshdOracle? oracle, SystemRoot root, IReadOnlyList<string>? sshdOptions = null)
    {
        var errors = new List<string>();
        // Canonical keyword → (name to write, values, risk); later entries (--set) replace earlier ones.
        var wanted = new Dictionary<string, (string Name, IReadOnlyList<string> Values, BaselineRisk Risk)>(StringComparer.Ordinal);
        foreach (BaselineItem item in chosen)
        {
            if (item.Value is null) continue;
            Add(item.Keyword, item.Value, item.Risk, errors, wanted);
        }
        // L2: a chosen password switch always brings its partner along, or passwords keep working through PAM.
        foreach (BaselineItem item in chosen)
            foreach (string partner in item.PairedWith ?? [])
                if (item.Value is not null && !wanted.ContainsKey(SshdKeywords.CanonicalOf(partner)))
                    Add(partner, item.Value, item.Risk, errors, wanted);
        foreach (string set in sets)
        {
            int eq = set.IndexOf('=');
            if (eq <= 0) { errors.Add($"--set {set}: expected Keyword=Value"); continue; }
            string keyword = set[..eq].Trim();
            // A value given by hand carries the baseline's risk for that keyword (passwords off is high however chosen).
            var risk = Baseline.For(null).FirstOrDefault(b => b.Keyword.Equals(keyword,
                StringComparison.OrdinalIgnoreCase))?.Risk ?? BaselineRisk.Medium;
            Add(keyword, set[(eq + 1)..].Trim(), risk, errors, wanted, fromSet: true);
        }

        var context = Context(root, admin);
        EffectiveConfig current = EffectiveConfig.Compute(tree, context);
        // With an sshd, "current" includes compiled-in defaults (PermitEmptyPasswords no is already in force unwritten).
        SshdT? currentT = oracle is { Available: true } ? Dump(oracle, tree, null, admin, sshdOptions).Effective : null;
        var items = new List<PlannedItem>();
        var toWrite = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var (slot, w) in wanted)
        {
            EffectiveSetting? now = current.Get(slot);
            IReadOnlyList<string>? proposedPrinted = Printed(slot, w.Values);
            IReadOnlyList<string>? nowPrinted = currentT is not null ? currentT.Get(slot) : now is null ? null : Printed(slot, now.Values);
            string? currentValue = currentT?.Get(slot) is { } printed ? string.Join(' ', printed) : now is null ? null : string.Join(' ',
                now.Values);
            bool already = proposedPrinted is not null && nowPrinted is not null && proposedPrinted.SequenceEqual(nowPrinted,
                StringComparer.OrdinalIgnoreCase);
            var guardIds = PlanGuards.All.Where(g => g.Keywords.Any(k => SshdKeywords.CanonicalOf(k) == slot)).Select(g => g.Id).ToList();
            items.Add(new PlannedItem(w.Name, currentValue, now?.Sources.FirstOrDefault()?.Where, string.Join(' ', w.Values), w.Risk,
                guardIds, already));
            if (!already) toWrite.Add(new(w.Name, w.Values));
        }

        PlacementPlan placement = PlacementPlanner.Plan(tree, toWrite);
        EffectiveConfig planned = EffectiveConfig.Compute(placement.Result(), context);
        // Guards judge changes: a value already in force (Port 22 that sshd itself listens on) is no new risk.
        var intended = toWrite.ToDictionary(kv => SshdKeywords.CanonicalOf(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        var guardContext = new GuardContext(root, admin, planned, intended, current);
        var findings = PlanGuards.All.SelectMany(g => g.Check(guardContext)).ToList();

        PlanVerification? verification = oracle is { Available: true } ? Verify(oracle, placement, wanted, admin, sshdOptions) : null;
        return new HardeningPlan(items, findings, placement, verification, errors);
    }

    private static void Add(string keyword, string value, BaselineRisk risk, List<string> errors,
        Dictionary<string, (string, IReadOnlyList<string>, BaselineRisk)> wanted, bool fromSet = false)
    {
        string label = fromSet ? $"--set {keyword}" : keyword;
        SshdKeyword? known = SshdKeywords.Find(keyword);
        if (known is null) { errors.Add($"{label}: sshd has no keyword {keyword}"); return; }
        if (!known.HasEffect || known.Rule == SshdKeywordRule.UniqueByName)
        {
            errors.Add($"{label}: {keyword} cannot be set here"); return;
        }
        // L7: UsePAM no locks out key-only accounts with a locked password; never flipped.
        if (known.Canonical == "usepam")
        {
            errors.Add($"{label}: UsePAM is never changed (turning it off locks out accounts with a locked password)"); return;
        }
        var values = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0) { errors.Add($"{label}: empty value"); return; }
        if (values.Any(v => v.Any(ch => char.IsControl(ch) || ch == '#'
            || ch == '"'))) { errors.Add($"{label}: value has characters sshd_config cannot hold"); return; }
        wanted[known.Canonical] = (SshdKeywords.PreferredName(keyword), values, risk);
    }

    /// <summary>The admin's connection for Match evaluation; loopback/root/22 when unknown, as sshd -T -C needs every field.</summary>
    private static ConnectionContext Context(SystemRoot root, AdminSession admin)
    {
        string user = admin.LoginUser ?? "root";
        string addr = admin.ClientAddress ?? "127.0.0.1";
        return new ConnectionContext(user, addr, addr, admin.ServerPort ?? 22, null, UserGroups.Of(root, user));
    }

    private static PlanVerification Verify(SshdOracle oracle, PlacementPlan placement,
        Dictionary<string, (string Name, IReadOnlyList<string> Values, BaselineRisk Risk)> wanted, AdminSession admin,
            IReadOnlyList<string>? options)
    {
        var (t, errors) = Dump(oracle, placement.Tree, placement.Documents, admin, options);
        if (t is null) return new PlanVerification(false, errors, []);
        var misses = new List<VerificationMiss>();
        foreach (var (slot, w) in wanted)
        {
            IReadOnlyList<string>? got = t.Get(slot);
            string intended = string.Join(' ', w.Values);
            // Values sshd computes (or prints in a form we cannot predict) are judged by sshd -t alone.
            IReadOnlyList<string>? expected = Printed(slot, w.Values);
            if (got is null) misses.Add(new VerificationMiss(w.Name, intended, null));
            else if (expected is not null && !expected.SequenceEqual(got, StringComparer.OrdinalIgnoreCase))
                misses.Add(new VerificationMiss(w.Name, intended, string.Join(' ', got)));
        }
        return new PlanVerification(true, [], misses);
    }

    /// <summary>How sshd -T prints these values, or null when it cannot be predicted.</summary>
    private static IReadOnlyList<string>? Printed(string slot, IReadOnlyList<string> values) =>
        SshdKeywords.Find(slot) is { } k ? SshdPrintedForm.Of(k, new EffectiveSetting(slot, values, [], false)) : null;

    /// <summary>Stages the tree (with replacements) privately, runs sshd -t then sshd -T -C for the admin's connection.</summary>
    private static (SshdT? Effective, IReadOnlyList<string> Errors) Dump(SshdOracle oracle, SshdConfigTree tree,
        IReadOnlyDictionary<string, SshdConfigDocument>? documents, AdminSession admin, IReadOnlyList<string>? options)
    {
        string dir = Directory.CreateTempSubdirectory("vpstop-plan-").FullName;
        try
        {
            string main = SshdStaging.Stage(tree, documents, dir);
            SshdRun test = oracle.Test(main, options);
            if (!test.Ok) return (null, test.Stderr);
            string user = admin.LoginUser ?? "root";
            string addr = admin.ClientAddress ?? "127.0.0.1";
            SshdRun dump = oracle.Dump(main, new ConnectionContext(user, addr, addr, admin.ServerPort ?? 22), options);
            return dump.Ok ? (SshdT.Parse(dump.Stdout), []) : (null, dump.Stderr);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
