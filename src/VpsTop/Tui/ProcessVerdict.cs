namespace VpsTop.Tui;

/// <summary>Why a process looks suspicious, ready for the screen: a short note for the row, the full reasons for the
/// origin dialog, and whether any of them is serious (red) rather than merely odd (yellow).</summary>
public sealed record ProcessVerdict(bool Serious, string Note, IReadOnlyList<string> Reasons)
{
    public static ProcessVerdict None { get; } = new(false, "", []);
    public bool Suspicious => Reasons.Count > 0;
}
