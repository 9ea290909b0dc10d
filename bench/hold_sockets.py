#!/usr/bin/env python3
"""Opens about N real sockets on loopback and holds them until killed: N/2 established TCP pairs
(client and server ends) on 127.0.0.1 and [::1], plus a few listeners and UDP sockets.
Prints "ready <count>" on stdout once they are all open. Used by bench.sh; only loopback is touched."""
import resource, socket, sys, time

target = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = target + 256
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(want, soft), max(hard, want)), max(hard, want)))

held = []
listeners = []
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    l = socket.socket(family, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((host, 0))
    l.listen(4096)
    listeners.append((l, host))
    held.append(l)
    u = socket.socket(family, socket.SOCK_DGRAM)
    u.bind((host, 0))
    held.append(u)

i = 0
while len(held) < target:
    l, host = listeners[i % 2]
    c = socket.socket(l.family, socket.SOCK_STREAM)
    c.connect(l.getsockname()[:2])
    s, _ = l.accept()
    held.extend((c, s))
    i += 1

print(f"ready {len(held)}", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
