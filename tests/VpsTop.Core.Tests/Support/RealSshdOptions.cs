namespace VpsTop.Core.Tests.Support;

/// <summary>Where a <see cref="RealSshd"/> writes its log.</summary>
public enum SshdLogging
{
    /// <summary>sshd -E FILE: bare messages, no time stamps.</summary>
    File,

    /// <summary>syslog(3) to /dev/log, as on a real VPS: in a mount namespace of its own, /dev is an overlay on the
    /// host's /dev whose /dev/log is a <see cref="SyslogReceiver"/>, which writes lines the way rsyslog does.</summary>
    Syslog,
}

/// <summary>What differs between the tests that run a real sshd; everything else is the same for all.</summary>
public sealed record RealSshdOptions
{
    /// <summary>Prefix of the temp directory that holds config, keys, pidfile and log.</summary>
    public string Name { get; init; } = "vpstop-sshd-";

    /// <summary>A directory of the caller's to use instead (it stays: the caller removes it).</summary>
    public string? Dir { get; init; }

    public SshdLogging Logging { get; init; } = SshdLogging.File;

    /// <summary>The host name in each syslog line.</summary>
    public string SyslogHost { get; init; } = "vpstest";

    /// <summary>A network namespace (ip netns) of the test's own to run in, instead of the host's loopback.</summary>
    public string? NetworkNamespace { get; init; }

    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>Null: a port free on 127.0.0.1 right now.</summary>
    public int? Port { get; init; }

    /// <summary>A temp user named this prefix and 8 hex digits, with a random password; its home is the directory.</summary>
    public string? UserPrefix { get; init; }

    /// <summary>A client key pair "client", its public half the authorized_keys every user shares.</summary>
    public bool ClientKey { get; init; }

    /// <summary>Not null: an AllowUsers line with the temp user and these names.</summary>
    public IReadOnlyList<string>? AllowUsers { get; init; }

    /// <summary>The config's first line, after "# ", for whoever reads the file.</summary>
    public string Comment { get; init; } = "A test's own sshd.";

    /// <summary>More sshd_config lines after the common ones: the authentication policy under test.</summary>
    public string Settings { get; init; } = "";
}
