# Test peer run inside the test's network namespace: TCP on port 5001 and UDP on port 5002, v4 and v6.
# TCP: "up N\n" then N bytes -> replies "ok\n"; "down N\n" -> sends N bytes and closes.
# UDP: b"down N" -> sends N bytes back in 1400-byte datagrams; anything else is counted and dropped.
import socket, sys, threading

def read_line(c):
    line = b""
    while not line.endswith(b"\n"):
        b = c.recv(1)
        if not b:
            break
        line += b
    return line.split()

def serve(c):
    with c:
        words = read_line(c)
        if len(words) != 2:
            return
        n = int(words[1])
        if words[0] == b"up":
            got = 0
            while got < n:
                d = c.recv(1 << 16)
                if not d:
                    break
                got += len(d)
            c.sendall(b"ok\n")
        else:
            c.sendall(b"d" * n)

def tcp(family, address):
    l = socket.socket(family, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        l.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    l.bind((address, 5001))
    l.listen(16)
    while True:
        c, _ = l.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()

def udp(family, address):
    u = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    u.bind((address, 5002))
    while True:
        data, peer = u.recvfrom(65535)
        if data.startswith(b"down "):
            n = int(data.split()[1])
            while n > 0:
                k = min(1400, n)
                u.sendto(b"d" * k, peer)
                n -= k

for family, address in ((socket.AF_INET, sys.argv[1]), (socket.AF_INET6, sys.argv[2])):
    threading.Thread(target=tcp, args=(family, address), daemon=True).start()
    threading.Thread(target=udp, args=(family, address), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
