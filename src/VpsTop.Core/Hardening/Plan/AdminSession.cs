using System.Globalization;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>Who is running the wizard and over which connection (research L1): the login user from the audit
/// loginuid (survives sudo), SUDO_USER, and the SSH_CONNECTION endpoints. A null field has a reason in <see cref="Unknown"/>.</summary>
public sealed record AdminSession(
    string? User,
    string? SudoUser,
    string? ClientAddress,
    int? ClientPort,
    int? ServerPort,
    IReadOnlyDictionary<string, string> Unknown)
{
    /// <summary>The admin of this very process: its environment and its PID.</summary>
    public static AdminSession OfThisProcess(SystemRoot root) =>
        Discover(root, Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal), Environment.ProcessId);

    /// <summary>The user whose login must keep working: the login user, else whoever ran sudo.</summary>
    public string? LoginUser => User ?? SudoUser;

    private const string UnsetLoginUid = "4294967295";

    public static AdminSession Discover(SystemRoot root, IReadOnlyDictionary<string, string> environment, int pid)
    {
        var unknown = new Dictionary<string, string>(StringComparer.Ordinal);
        string? user = LoginUidUser(root, pid, unknown);
        string? sudo = environment.TryGetValue("SUDO_USER", out var s) && s.Length > 0 ? s : null;
        if (sudo is null) unknown["SudoUser"] = "SUDO_USER is not set";

        string? clientAddress = null;
        int? clientPort = null, serverPort = null;
        if (environment.TryGetValue("SSH_CONNECTION", out var conn))
        {
            string[] f = conn.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 4 && System.Net.IPAddress.TryParse(f[0], out _)) clientAddress = f[0];
            if (f.Length == 4) { clientPort = Port(f[1]); serverPort = Port(f[3]); }
            if (clientAddress is null || clientPort is null || serverPort is null)
                unknown["Connection"] = "SSH_CONNECTION is not \"client_ip client_port server_ip server_port\"";
        }
        else unknown["Connection"] = "SSH_CONNECTION is not set (not an SSH session, or sudo dropped it)";
        return new AdminSession(user, sudo, clientAddress, clientPort, serverPort, unknown);
    }

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is > 0 and < 65536 ? p : null;

    private static string? LoginUidUser(SystemRoot root, int pid, Dictionary<string, string> unknown)
    {
        string uid;
        try { uid = File.ReadAllText(root.Path($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/loginuid")).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unknown["User"] = "no /proc/<pid>/loginuid: " + e.Message;
            return null;
        }
        if (uid == UnsetLoginUid || uid.Length == 0)
        {
            unknown["User"] = "loginuid is unset (not a PAM login session)";
            return null;
        }
        string? name = SystemUsers.Load(root).FirstOrDefault(u => u.Uid == uid)?.Name;
        if (name is null) unknown["User"] = $"loginuid {uid} is not in /etc/passwd";
        return name;
    }
}
