namespace VpsTop.Core.Auth;

public sealed record AuthAnalysisOptions
{
    /// <summary>How far back failures count against a later Accepted login.</summary>
    public TimeSpan AlarmWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Failures (or refusals) from the source within the window needed to raise the alarm.</summary>
    public int AlarmMinFailures { get; init; } = 1;

    public int SprayMinUsers { get; init; } = 5;
    public int DistributedMinSources { get; init; } = 5;

    /// <summary>Memory bound: sources beyond this are not tracked (a /64 sprayer cannot grow the table forever).</summary>
    public int MaxSources { get; init; } = 200_000;
}
