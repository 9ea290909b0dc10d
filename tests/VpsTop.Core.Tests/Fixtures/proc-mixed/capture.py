#!/usr/bin/env python3
"""Recreates the proc-mixed fixture: opens a known mix of sockets on this machine, then copies
/proc/net/{tcp,tcp6,udp,udp6} and saves `ss -tunaeH` taken at the same moment as evidence.
Run as root from this folder. sockets.txt lists what was opened, with inodes from fstat."""
import os, shutil, socket, subprocess, time

here = os.path.dirname(os.path.abspath(__file__))
notes = []

def ino(s):
    return os.fstat(s.fileno()).st_ino

def note(what, s):
    notes.append(f"{what}: local={s.getsockname()} inode={ino(s)}")

def tcp_pair(family, host, port, v6only=True, client_family=None, client_host=None):
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    srv.bind((host, port)); srv.listen(16)
    cli = socket.socket(client_family or family, socket.SOCK_STREAM)
    cli.connect((client_host or host, port))
    acc, _ = srv.accept()
    return srv, cli, acc

keep = []
# 45101: v4 listener + established pair, 100 unread bytes queued at the accepted end.
srv, cli, acc = tcp_pair(socket.AF_INET, "127.0.0.1", 45101)
cli.sendall(b"x" * 100)
note("tcp4 listen 45101", srv); note("tcp4 client ->45101", cli); note("tcp4 accepted 45101 (rx 100)", acc)
keep += [srv, cli, acc]
# 45102: client closes first -> client end in TIME_WAIT (inode 0).
srv, cli, acc = tcp_pair(socket.AF_INET, "127.0.0.1", 45102)
notes.append(f"tcp4 client ->45102 will be TIME_WAIT: local={cli.getsockname()}")
cli.close(); time.sleep(0.1); acc.close(); time.sleep(0.1)
note("tcp4 listen 45102", srv); keep.append(srv)
# 45103: v6-only listener on ::1 + established pair.
srv, cli, acc = tcp_pair(socket.AF_INET6, "::1", 45103)
note("tcp6 listen 45103", srv); note("tcp6 client ->45103", cli); note("tcp6 accepted 45103", acc)
keep += [srv, cli, acc]
# 45104: dual-stack listener on ::, IPv4 client -> accepted end has ::ffff:127.0.0.1 addresses.
srv, cli, acc = tcp_pair(socket.AF_INET6, "::", 45104, v6only=False, client_family=socket.AF_INET, client_host="127.0.0.1")
note("tcp6 dual-stack listen 45104", srv); note("tcp4 client ->45104", cli); note("tcp6 accepted mapped 45104", acc)
keep += [srv, cli, acc]
# 45109: server closes first -> client CLOSE_WAIT, accepted end FIN_WAIT2.
srv, cli, acc = tcp_pair(socket.AF_INET, "127.0.0.1", 45109)
note("tcp4 client ->45109 CLOSE_WAIT", cli); note("tcp4 listen 45109", srv)
acc.close(); keep += [srv, cli]
# UDP v4: bound 45105, connected 45106 -> 45105.
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(("127.0.0.1", 45105))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.bind(("127.0.0.1", 45106)); u2.connect(("127.0.0.1", 45105))
note("udp4 bound 45105", u1); note("udp4 connected 45106->45105", u2); keep += [u1, u2]
# UDP v6: bound 45107, connected 45108 -> 45107.
u3 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u3.bind(("::1", 45107))
u4 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u4.bind(("::1", 45108)); u4.connect(("::1", 45107))
note("udp6 bound 45107", u3); note("udp6 connected 45108->45107", u4); keep += [u3, u4]
# 45110: UDP socket owned by uid 65534 (nobody), created in a child after setuid.
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setgid(65534); os.setuid(65534)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 45110))
    os.write(w, f"udp4 uid 65534 bound 45110: inode={ino(s)}".encode()); time.sleep(5); os._exit(0)
notes.append(os.read(r, 200).decode())

time.sleep(0.2)
dst = os.path.join(here, "proc", "net")
os.makedirs(dst, exist_ok=True)
for name in ("tcp", "tcp6", "udp", "udp6"):
    with open(f"/proc/net/{name}", "rb") as f, open(os.path.join(dst, name), "wb") as o:
        o.write(f.read())
with open(os.path.join(here, "ss-tunaeH.txt"), "w") as o:
    o.write(subprocess.run(["ss", "-tunaeH"], capture_output=True, text=True).stdout)
with open(os.path.join(here, "sockets.txt"), "w") as o:
    o.write("\n".join(notes) + "\n")
os.waitpid(pid, 0)
