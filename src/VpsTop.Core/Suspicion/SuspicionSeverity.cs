namespace VpsTop.Core.Suspicion;

/// <summary>How loudly a reason is shown: Low is a grey hint, Medium amber, High red.</summary>
public enum SuspicionSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}
