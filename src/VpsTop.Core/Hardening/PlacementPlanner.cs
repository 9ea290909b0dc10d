namespace VpsTop.Core.Hardening;

/// <summary>
/// Decides where each global setting must be written so sshd really uses it (pure: documents in, documents out).
/// sshd keeps the first value it reads and a line after a Match belongs to that Match, so appending is never safe:
/// 1. the main file globally Includes a directory (Debian: "Include /etc/ssh/sshd_config.d/*.conf" at the top) and a
///    managed early drop-in there would be read before any other line setting the keyword → write the drop-in;
/// 2. else edit the first global line sshd reads for the keyword, wherever it is;
/// 3. else insert before the main file's first Match line (above the comments attached to it), or append when the
///    main file has no Match.
/// Other global lines for the keyword are commented out, not deleted: always for accumulating and last-wins
/// keywords (they would still add or win), on request for first-wins ones (inert, but they mislead a grep audit).
/// Port, HostKey, ListenAddress and HostCertificate take one value per line: extra values follow the written line.
/// Match bodies are never edited, only reported.
/// </summary>
public static class PlacementPlanner
{
    public const string DropInName = "00-vpstop.conf";
    private const string DropInHeader =
        "Managed by VpsTop. Files here are read before the rest of sshd_config and sshd keeps the first value it reads.";

    public static PlacementPlan Plan(SshdConfigTree tree, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> settings,
        string dropInName = DropInName, bool commentOutDuplicates = true)
    {
        var docs = new Dictionary<string, SshdConfigDocument>(StringComparer.Ordinal);
        var pending = new List<(string Keyword, IReadOnlyList<string> Args, PlacementKind Kind, string File,
            List<SshdDirective> Commented)>();
        foreach (var (keywordName, args) in settings)
        {
            SshdKeyword keyword = SshdKeywords.Find(keywordName) ?? throw new ArgumentException($"sshd does not know {keywordName}",
                nameof(settings));
            if (!keyword.HasEffect || keyword.Rule == SshdKeywordRule.UniqueByName)
                throw new ArgumentException($"{keywordName} cannot be set by placement", nameof(settings));
            if (args.Count == 0) throw new ArgumentException($"{keywordName} needs a value", nameof(settings));
            string name = SshdKeywords.PreferredName(keywordName);
            string slot = keyword.Canonical;
            bool commentOut = commentOutDuplicates || keyword.Rule is SshdKeywordRule.Accumulate or SshdKeywordRule.LastWins;
            IReadOnlyList<string> lineArgs = keyword.OneValuePerLine ? [args[0]] : args;

            SshdConfigTree current = tree.With(docs);
            string? dropIn = DropInPath(current, dropInName);
            if (dropIn is not null)
            {
                var tentative = new Dictionary<string, SshdConfigDocument>(docs)
                {
                    [dropIn] = WriteInto(docs.GetValueOrDefault(dropIn)
                    ?? current.Document(dropIn), dropIn, name, slot, lineArgs)
                };
                SshdConfigTree trial = tree.With(tentative);
                SshdDirective? first = Globals(trial, slot).FirstOrDefault();
                if (first is not null && first.File == dropIn)
                {
                    var commented = commentOut ? CommentOut(docs, trial, slot, keep: first) : [];
                    docs[dropIn] = tentative[dropIn];
                    pending.Add((name, args, PlacementKind.DropIn, dropIn, commented));
                    AddFollowingValues(tree, docs, slot, name, args, keyword);
                    continue;
                }
            }

            List<SshdDirective> globals = Globals(current, slot);
            if (globals.Count > 0)
            {
                SshdDirective first = globals[0];
                var commented = commentOut ? CommentOut(docs, current, slot, keep: first) : [];
                docs[first.File] = Doc(docs, current, first.File).WithValue(first.Index, lineArgs);
                pending.Add((name, args, PlacementKind.EditedFirstGlobal, first.File, commented));
                AddFollowingValues(tree, docs, slot, name, args, keyword);
                continue;
            }

            SshdConfigDocument main = Doc(docs, current, current.MainPath);
            int at = main.FirstMatchIndex;
            if (at >= 0)
            {
                while (at > 0 && main.Lines[at - 1].Kind == SshdLineKind.Comment) at--;
                docs[current.MainPath] = main.InsertBefore(at, name, lineArgs);
                pending.Add((name, args, PlacementKind.InsertedBeforeMatch, current.MainPath, []));
            }
            else
            {
                docs[current.MainPath] = main.Append(name, lineArgs);
                pending.Add((name, args, PlacementKind.Appended, current.MainPath, []));
            }
            AddFollowingValues(tree, docs, slot, name, args, keyword);
        }

        SshdConfigTree result = tree.With(docs);
        var decisions = pending.Select(p =>
        {
            string slot = SshdKeywords.CanonicalOf(p.Keyword);
            SshdDirective? written = Globals(result, slot).FirstOrDefault();
            return new PlacementDecision(p.Keyword, p.Args, p.Kind, p.File, written?.LineNumber ?? 0, p.Commented,
                EffectiveConfig.MatchOverrides(result, slot));
        }).ToList();
        // A setting already in force changes nothing: only files whose bytes differ are part of the plan.
        var changed = docs.Where(kv => tree.Document(kv.Key) is not { } original
            || !original.ToBytes().AsSpan().SequenceEqual(kv.Value.ToBytes()))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new PlacementPlan(tree, changed, decisions);
    }

    public static PlacementPlan Plan(SshdConfigTree tree, string keyword, params string[] args) =>
        Plan(tree, [new KeyValuePair<string, IReadOnlyList<string>>(keyword, args)]);

    /// <summary>The drop-in path when the main file has a global Include whose pattern would read it.</summary>
    private static string? DropInPath(SshdConfigTree tree, string dropInName)
    {
        foreach (SshdInclude include in tree.Includes)
        {
            if (include.Directive.File != tree.MainPath || !include.Directive.IsGlobal) continue;
            int slash = include.Resolved.LastIndexOf('/');
            if (slash <= 0) continue;
            string dir = include.Resolved[..slash];
            if (SshdGlob.HasMagic(dir)) continue;
            string candidate = dir + "/" + dropInName;
            if (SshdGlob.PathMatches(candidate, include.Resolved)) return candidate;
        }
        return null;
    }

    /// <summary>Values after the first of a one-value-per-line keyword go right after the line just written.</summary>
    private static void AddFollowingValues(SshdConfigTree tree, Dictionary<string, SshdConfigDocument> docs, string slot, string name,
        IReadOnlyList<string> args, SshdKeyword keyword)
    {
        if (!keyword.OneValuePerLine || args.Count < 2) return;
        SshdDirective written = Globals(tree.With(docs), slot)[0];
        SshdConfigDocument doc = docs[written.File];
        for (int i = args.Count - 1; i >= 1; i--) doc = doc.InsertBefore(written.Index + 1, name, [args[i]]);
        docs[written.File] = doc;
    }

    private static SshdConfigDocument WriteInto(SshdConfigDocument? existing, string path, string name, string slot,
        IReadOnlyList<string> args)
    {
        SshdConfigDocument doc = existing ?? SshdConfigDocument.Empty(path);
        for (int i = 0; i < doc.Lines.Length; i++)
        {
            SshdConfigLine line = doc.Lines[i];
            if (line.MatchBlock == 0 && line.IsDirective && SshdKeywords.Find(line.Keyword!)?.Canonical == slot)
                return doc.WithValue(i, args);
        }
        int at = doc.FirstMatchIndex;
        bool header = doc.Lines.Length == 0;
        return at >= 0 ? doc.InsertBefore(at, name, args) : doc.Append(name, args, header ? DropInHeader : null);
    }

    private static List<SshdDirective> Globals(SshdConfigTree tree, string slot) =>
        tree.Directives.Where(d => d.IsGlobal && d.Known?.Canonical == slot).ToList();

    private static List<SshdDirective> CommentOut(Dictionary<string, SshdConfigDocument> docs, SshdConfigTree tree, string slot,
        SshdDirective keep)
    {
        var done = new List<SshdDirective>();
        foreach (SshdDirective d in Globals(tree, slot))
        {
            if (d.File == keep.File && d.Index == keep.Index) continue;
            docs[d.File] = Doc(docs, tree, d.File).CommentOut(d.Index);
            done.Add(d);
        }
        return done;
    }

    private static SshdConfigDocument Doc(Dictionary<string, SshdConfigDocument> docs, SshdConfigTree tree, string path) =>
        docs.GetValueOrDefault(path) ?? tree.Document(path)!;
}
