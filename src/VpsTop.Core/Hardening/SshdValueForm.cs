namespace VpsTop.Core.Hardening;

/// <summary>How a value is written versus how sshd -T prints it (for comparing our model with sshd).</summary>
public enum SshdValueForm
{
    /// <summary>Printed as written.</summary>
    Verbatim,
    /// <summary>yes/no and other multistate words: compared case-insensitively, synonyms mapped.</summary>
    Word,
    /// <summary>A time ("2m", "1h30m"): printed in seconds.</summary>
    Seconds,
    /// <summary>LogLevel, SyslogFacility: printed upper case.</summary>
    Upper,
    /// <summary>Algorithm lists: "+", "-", "^" prefixes are expanded by sshd against its defaults.</summary>
    Algorithms,
    /// <summary>sshd prints a computed form (ListenAddress with port, RekeyLimit, IPQoS, MaxStartups …): not compared.</summary>
    Computed,
}
