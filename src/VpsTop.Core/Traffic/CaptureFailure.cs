namespace VpsTop.Core.Traffic;

/// <summary>Why a capture could not be opened: each cause has a different remedy.</summary>
public enum CaptureFailure
{
    /// <summary>libpcap error text not otherwise classified (sanitized in the message).</summary>
    Other,
    /// <summary>libpcap cannot be loaded: apt install libpcap0.8.</summary>
    NoLibpcap,
    /// <summary>Not root, or root without CAP_NET_RAW (a container, a bounding set).</summary>
    NotPermitted,
    /// <summary>The named interface does not exist in this network namespace.</summary>
    NoSuchInterface,
    /// <summary>The interface exists but is administratively down.</summary>
    InterfaceDown,
    /// <summary>No interface was named and none carries a default route.</summary>
    NoInterface,
}
