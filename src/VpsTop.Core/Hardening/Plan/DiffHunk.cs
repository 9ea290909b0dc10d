namespace VpsTop.Core.Hardening.Plan;

/// <summary>A unified-diff hunk: 1-based starts and line counts on each side (start 0 for an empty side, as diff -u).</summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    public string Header => $"@@ -{Range(OldStart, OldCount)} +{Range(NewStart, NewCount)} @@";

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
