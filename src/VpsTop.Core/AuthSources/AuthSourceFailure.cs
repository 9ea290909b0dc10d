namespace VpsTop.Core.AuthSources;

/// <summary>Why a source was not used: one short reason the pane can show as "auth.log: permission denied".</summary>
public sealed record AuthSourceFailure(string Source, string Reason)
{
    internal static string Describe(Exception e, string path) => e switch
    {
        UnauthorizedAccessException => "permission denied (run as root or in group adm)",
        FileNotFoundException or DirectoryNotFoundException => "absent",
        _ => e.Message,
    };

    public override string ToString() => $"{Source}: {Reason}";
}
