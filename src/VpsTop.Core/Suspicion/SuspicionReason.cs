namespace VpsTop.Core.Suspicion;

/// <summary>
/// One reason a process looks suspicious. <see cref="Evidence"/> is the raw string from the system that
/// triggered it (a path, a name): hostile text, kept unescaped here; the UI sanitizes it when drawing.
/// </summary>
/// <param name="Code">Stable identifier such as "exe-deleted", for settings and tests.</param>
/// <param name="Severity">How loudly to show it.</param>
/// <param name="Text">Plain words for the screen.</param>
/// <param name="Evidence">The concrete path or name that triggered the reason.</param>
public sealed record SuspicionReason(string Code, SuspicionSeverity Severity, string Text, string Evidence);
