namespace VpsTop.Core.Collection;

/// <summary>
/// What a screen reads: the latest immutable snapshot and a version that moves with each one, so a pane redraws only
/// when something new arrived, and a way to ask for a new one now (F5). Collectors never touch the UI; the UI never
/// touches /proc.
/// </summary>
public interface ISnapshotFeed<out T> where T : class
{
    T Latest { get; }

    /// <summary>Increments with every published snapshot; 0 until the first one.</summary>
    long Version { get; }

    /// <summary>Collect now instead of waiting for the rest of the interval.</summary>
    void CollectNow();
}

/// <summary>A snapshot that carries its problems in words, so a collector can add its own failures to it.</summary>
public interface IProblemCarrier<out T> where T : class
{
    IReadOnlyList<string> Problems { get; }

    T WithProblems(IReadOnlyList<string> problems);
}
