# The exfiltration endpoint, run in the "exfil" namespace: accepts TCP on PORT and swallows everything sent to it.
# argv: PORT. Prints "ready" once listening.
import socket, sys, threading

def drain(c):
    with c:
        while c.recv(1 << 16):
            pass

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.listen(64)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=drain, args=(c,), daemon=True).start()
