namespace VpsTop.Core.Auth;

/// <summary>What an sshd log line says happened. docs/auth-event-kinds.md lists the messages behind each kind;
/// <see cref="AuthEventKinds.Name"/> gives the stable snake_case name used in JSON.</summary>
public enum AuthEventKind
{
    Other,
    Failed,
    InvalidUser,
    Accepted,
    Partial,
    Postponed,
    Disconnect,
    PreauthClose,
    Refused,
    MaxAttempts,
    ProtocolError,
    Timeout,
    Penalty,
    PamFailure,
    Connect,
    SessionOpened,
    SessionClosed,
}

public static class AuthEventKinds
{
    /// <summary>The stable JSON name; never derived by reflection so NativeAOT keeps it.</summary>
    public static string Name(AuthEventKind kind) => kind switch
    {
        AuthEventKind.Failed => "failed",
        AuthEventKind.InvalidUser => "invalid_user",
        AuthEventKind.Accepted => "accepted",
        AuthEventKind.Partial => "partial",
        AuthEventKind.Postponed => "postponed",
        AuthEventKind.Disconnect => "disconnect",
        AuthEventKind.PreauthClose => "preauth_close",
        AuthEventKind.Refused => "refused",
        AuthEventKind.MaxAttempts => "max_attempts",
        AuthEventKind.ProtocolError => "protocol_error",
        AuthEventKind.Timeout => "timeout",
        AuthEventKind.Penalty => "penalty",
        AuthEventKind.PamFailure => "pam_failure",
        AuthEventKind.Connect => "connect",
        AuthEventKind.SessionOpened => "session_opened",
        AuthEventKind.SessionClosed => "session_closed",
        _ => "other",
    };

    /// <summary>Kinds that count as an attempt against the server from an IP (probes included).</summary>
    public static bool IsFailure(AuthEventKind kind) => kind is AuthEventKind.Failed or AuthEventKind.InvalidUser
        or AuthEventKind.MaxAttempts or AuthEventKind.Refused;
}
