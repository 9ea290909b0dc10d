using System.Buffers.Binary;
using System.Text;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Plan;

/// <summary>
/// The keys sshd would accept for a user: the effective AuthorizedKeysFile patterns expanded like sshd does
/// (%h home, %u user, %% percent; relative paths are under the home), each line "[options] type base64 [comment]".
/// A line counts only when its blob decodes and names the same type: a pasted fragment is not a key.
/// </summary>
public static class AuthorizedKeys
{
    public static IReadOnlyList<string> DefaultFiles { get; } = [".ssh/authorized_keys", ".ssh/authorized_keys2"];

    public static IReadOnlyList<string> Paths(SystemUser user, IReadOnlyList<string> patterns)
    {
        var paths = new List<string>();
        foreach (string pattern in patterns)
        {
            if (pattern == "none") continue;
            var sb = new StringBuilder();
            for (int i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] != '%' || i + 1 >= pattern.Length) { sb.Append(pattern[i]); continue; }
                char t = pattern[++i];
                sb.Append(t switch { 'h' => user.Home, 'u' => user.Name, '%' => "%", _ => "%" + t });
            }
            string path = sb.ToString();
            paths.Add(path.StartsWith('/') ? path : user.Home.TrimEnd('/') + "/" + path);
        }
        return paths;
    }

    public static IReadOnlyList<AuthorizedKey> Read(SystemRoot root, SystemUser user, IReadOnlyList<string> patterns)
    {
        var keys = new List<AuthorizedKey>();
        foreach (string path in Paths(user, patterns))
        {
            string[] lines;
            try { lines = File.ReadAllLines(root.Path(path)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            for (int i = 0; i < lines.Length; i++)
                if (Parse(lines[i]) is { } key) keys.Add(new AuthorizedKey(path, i + 1, key.Type, key.RsaBits));
        }
        return keys;
    }

    /// <summary>Type and RSA size of one line, or null for comments, blanks and anything that is not a key.</summary>
    public static (string Type, int? RsaBits)? Parse(string line)
    {
        string text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return null;
        var tokens = Tokens(text);
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            if (!LooksLikeType(tokens[i])) continue;
            byte[] blob;
            try { blob = Convert.FromBase64String(tokens[i + 1]); }
            catch (FormatException) { continue; }
            var fields = SshStrings(blob);
            if (fields.Count == 0 || Encoding.ASCII.GetString(fields[0]) != tokens[i]) continue;
            int? bits = tokens[i] == "ssh-rsa" && fields.Count >= 3 ? BitLength(fields[2]) : null;
            return (tokens[i], bits);
        }
        return null;
    }

    private static bool LooksLikeType(string t) =>
        t.StartsWith("ssh-", StringComparison.Ordinal) || t.StartsWith("ecdsa-", StringComparison.Ordinal) || t.StartsWith("sk-",
            StringComparison.Ordinal);

    /// <summary>Splits on blanks outside double quotes (options like command="a b" hold spaces).</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"') quoted = !quoted;
            if (!quoted && (c == ' ' || c == '\t'))
            {
                if (sb.Length > 0) { tokens.Add(sb.ToString()); sb.Clear(); }
                continue;
            }
            sb.Append(c);
        }
        if (sb.Length > 0) tokens.Add(sb.ToString());
        return tokens;
    }

    /// <summary>RFC 4251 length-prefixed strings; stops at the first one that overruns the blob.</summary>
    private static List<byte[]> SshStrings(byte[] blob)
    {
        var fields = new List<byte[]>();
        int at = 0;
        while (at + 4 <= blob.Length)
        {
            uint len = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(at));
            if (len > (uint)(blob.Length - at - 4)) break;
            fields.Add(blob.AsSpan(at + 4, (int)len).ToArray());
            at += 4 + (int)len;
        }
        return fields;
    }

    private static int BitLength(byte[] mpint)
    {
        int i = 0;
        while (i < mpint.Length && mpint[i] == 0) i++;
        if (i == mpint.Length) return 0;
        return (mpint.Length - i - 1) * 8 + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)mpint[i]));
    }
}
