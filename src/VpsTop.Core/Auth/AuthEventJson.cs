using System.Text.Encodings.Web;
using System.Text.Json;

namespace VpsTop.Core.Auth;

/// <summary>
/// The CLI's JSON shapes, written by hand (no reflection, NativeAOT-safe):
/// event {time, kind, user, ip, port, method, pid, verified, line} and
/// summary {ip, failures, users, accepted, firstSeen, lastSeen, compromised}.
/// JSON string escaping turns control bytes in the line into \uXXXX; nothing else is changed.
/// </summary>
public static class AuthEventJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter w, AuthEvent e)
    {
        w.WriteStartObject();
        if (e.Time is DateTimeOffset t) w.WriteString("time", t); else w.WriteNull("time");
        w.WriteString("kind", e.KindName);
        w.WriteString("user", e.User);
        w.WriteString("ip", e.Ip?.ToDisplayString());
        if (e.Port is int port) w.WriteNumber("port", port); else w.WriteNull("port");
        w.WriteString("method", e.Method);
        if (e.Pid is int pid) w.WriteNumber("pid", pid); else w.WriteNull("pid");
        w.WriteBoolean("verified", e.Verified);
        w.WriteString("line", e.Line);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, SourceStats s)
    {
        w.WriteStartObject();
        // a big log's summary has 100,000 rows: the address and the names without objects for most rows
        Span<char> ip = stackalloc char[48];
        if (s.Address.TryFormatDisplay(ip, out int n)) w.WriteString("ip", ip[..n]);
        else w.WriteString("ip", s.Address.ToDisplayString());
        w.WriteNumber("failures", s.Failures);
        w.WriteStartArray("users");
        var users = s.Users;
        if (users.Count <= 2)
        {
            string? first = null, second = null;
            foreach (string u in users) (first, second) = first is null ? (u, null) : (first, u);
            if (second is not null && string.CompareOrdinal(first, second) > 0) (first, second) = (second, first);
            if (first is not null) w.WriteStringValue(first);
            if (second is not null) w.WriteStringValue(second);
        }
        else foreach (string u in users.Order(StringComparer.Ordinal)) w.WriteStringValue(u);
        w.WriteEndArray();
        w.WriteNumber("accepted", s.Accepted);
        if (s.FirstSeen is DateTimeOffset f) w.WriteString("firstSeen", f); else w.WriteNull("firstSeen");
        if (s.LastSeen is DateTimeOffset l) w.WriteString("lastSeen", l); else w.WriteNull("lastSeen");
        w.WriteBoolean("compromised", s.Compromised);
        w.WriteEndObject();
    }
}
