using System.Runtime.InteropServices;

namespace VpsTop.Core.Platform;

/// <summary>
/// The two libpcap calls SharpPcap does not expose: non-blocking mode and the selectable descriptor. With them the
/// capture loop drains the ring without a syscall per packet and waits in poll() only when it is empty. Loaded
/// from the same file names SharpPcap tries.
/// </summary>
internal static unsafe class LibPcapNative
{
    private static readonly nint Library = Load();
    private static readonly delegate* unmanaged<nint, int, byte*, int> SetNonBlock =
        (delegate* unmanaged<nint, int, byte*, int>)Export("pcap_setnonblock");
    private static readonly delegate* unmanaged<nint, int> GetSelectableFd =
        (delegate* unmanaged<nint, int>)Export("pcap_get_selectable_fd");
    private static readonly delegate* unmanaged<nint, nint*, nint*, int> NextEx =
        (delegate* unmanaged<nint, nint*, nint*, int>)Export("pcap_next_ex");

    private static nint Load()
    {
        foreach (string name in new[] { "libpcap.so.0.8", "libpcap.so.1", "libpcap.so" })
            if (NativeLibrary.TryLoad(name, out nint handle)) return handle;
        throw new DllNotFoundException("libpcap");
    }

    private static nint Export(string name) =>
        NativeLibrary.TryGetExport(Library, name, out nint f) ? f : throw new EntryPointNotFoundException(name);

    /// <summary>pcap_next_ex on the raw pcap_t: SharpPcap's wrapper takes a SafeHandle, whose reference counting
    /// cost as much per packet as the call itself. The caller keeps the device open while it reads.</summary>
    public static int NextPacket(nint pcap, nint* header, nint* data) => NextEx(pcap, header, data);

    /// <summary>libpcap opens its packet socket without close-on-exec, so every program VpsTop starts (sshd -t, a
    /// rollback watchdog) would inherit the capture — and look like a packet sniffer itself. Set it.</summary>
    public static void CloseOnExec(nint pcap)
    {
        int fd = GetSelectableFd(pcap);
        if (fd >= 0) Libc.fcntl(fd, Libc.F_SETFD, Libc.FD_CLOEXEC);
    }

    /// <summary>Puts the pcap_t into non-blocking mode and returns its pollable descriptor, or -1.</summary>
    public static int MakeNonBlocking(nint pcap)
    {
        byte* error = stackalloc byte[256];
        if (SetNonBlock(pcap, 1, error) != 0) return -1;
        return GetSelectableFd(pcap);
    }
}
