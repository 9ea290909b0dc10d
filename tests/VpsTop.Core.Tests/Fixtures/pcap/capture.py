#!/usr/bin/env python3
"""Recreates the captures: real loopback traffic with known endpoints, read back from the kernel through an
AF_PACKET socket on lo and written as pcap three ways: as the kernel framed it (Ethernet, lo.pcap), as libpcap
frames the "any" device (Linux cooked v1, any-sll.pcap; v2, any-sll2.pcap — the cooked header built from the
packet's own sockaddr_ll: packet type, ARPHRD, address, protocol). Run as root; touches loopback only."""
import socket, struct, threading, time

ETH_P_ALL = 0x0003
cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
cap.bind(("lo", 0))
cap.settimeout(0.2)
frames = []  # (time, frame bytes, sockaddr_ll tuple)

def capture(stop):
    while not stop.is_set():
        try:
            data, addr = cap.recvfrom(65535)
        except socket.timeout:
            continue
        frames.append((time.time(), data, addr))

def traffic():
    # UDP v4 40001 -> 40002, 3 datagrams of 100 bytes; UDP v6 40003 -> 40004, 2 of 200 bytes
    r4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r4.bind(("127.0.0.1", 40002))
    s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s4.bind(("127.0.0.1", 40001))
    for _ in range(3): s4.sendto(b"x" * 100, ("127.0.0.1", 40002))
    r6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); r6.bind(("::1", 40004))
    s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s6.bind(("::1", 40003))
    for _ in range(2): s6.sendto(b"y" * 200, ("::1", 40004))
    # TCP v4 to 40010 and v6 to 40011 from fixed client ports 40020/40021: handshake, 1000 bytes, close
    for fam, host, port, cport in ((socket.AF_INET, "127.0.0.1", 40010, 40020), (socket.AF_INET6, "::1", 40011, 40021)):
        l = socket.socket(fam); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind((host, port)); l.listen()
        c = socket.socket(fam); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind((host, cport)); c.connect((host, port))
        s, _ = l.accept(); c.sendall(b"z" * 1000); s.recv(2000); c.close(); s.close(); l.close()
    # one ICMP echo request, id 0x1234 seq 1 (the kernel answers it)
    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    body = bytes([8, 0, 0, 0, 0x12, 0x34, 0, 1]) + b"p" * 32
    csum = sum(int.from_bytes(body[i:i + 2], "big") for i in range(0, len(body), 2))
    csum = (csum >> 16) + (csum & 0xFFFF); csum = ~(csum + (csum >> 16)) & 0xFFFF
    icmp.sendto(body[:2] + csum.to_bytes(2, "big") + body[4:], ("127.0.0.1", 0))

stop = threading.Event()
t = threading.Thread(target=capture, args=(stop,)); t.start()
time.sleep(0.3); traffic(); time.sleep(0.5); stop.set(); t.join()

SNAPLEN = 128
def write(name, linktype, records):
    with open(name, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, linktype))
        for ts, pkt, wire in records:
            pkt = pkt[:SNAPLEN]
            f.write(struct.pack("<IIII", int(ts), int((ts % 1) * 1e6), len(pkt), wire))
            f.write(pkt)

# lo frames carry a 14-byte Ethernet header; a frame seen twice (outgoing, then incoming) is kept twice, as libpcap does.
write("lo.pcap", 1, [(ts, data, len(data)) for ts, data, addr in frames])
sll, sll2 = [], []
for ts, data, addr in frames:
    ifname, proto, pkttype, hatype, haddr = addr
    payload = data[14:]
    hlen = len(haddr)
    sll.append((ts, struct.pack(">HHH8sH", pkttype, hatype, hlen, haddr.ljust(8, b"\0"), proto) + payload, 16 + len(payload)))
    ifindex = socket.if_nametoindex(ifname)
    sll2.append((ts, struct.pack(">HHIHBB8s", proto, 0, ifindex, hatype, pkttype, hlen, haddr.ljust(8, b"\0")) + payload, 20 + len(payload)))
write("any-sll.pcap", 113, sll)
write("any-sll2.pcap", 276, sll2)
print(len(frames), "frames")
