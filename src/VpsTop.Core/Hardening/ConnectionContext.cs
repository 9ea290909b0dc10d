namespace VpsTop.Core.Hardening;

/// <summary>
/// The connection a Match block is evaluated for, like sshd -T -C user=…,host=…,addr=…,lport=…. A null field
/// makes criteria on it not match (sshd's test mode). <see cref="Groups"/> are the user's groups (primary and
/// supplementary) for Match Group; <see cref="None"/> is what plain sshd -T uses: only "Match all" applies.
/// </summary>
public sealed record ConnectionContext(
    string? User = null,
    string? Host = null,
    string? Address = null,
    int? LocalPort = null,
    string? LocalAddress = null,
    IReadOnlyList<string>? Groups = null)
{
    public static ConnectionContext None { get; } = new();

    /// <summary>The -C spec for sshd ("user=root,host=10.0.0.1,addr=10.0.0.1,lport=22"), fields that are set only.</summary>
    public string ToTestSpec()
    {
        var parts = new List<string>();
        if (User is not null) parts.Add("user=" + User);
        if (Host is not null) parts.Add("host=" + Host);
        if (Address is not null) parts.Add("addr=" + Address);
        if (LocalAddress is not null) parts.Add("laddr=" + LocalAddress);
        if (LocalPort is not null) parts.Add("lport=" + LocalPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join(',', parts);
    }
}
