# Legitimate traffic: a client downloading a file from the vps's package-owned web server at about RATE bytes per
# second (a person's slow link), over and over, so the server's connection is alive whenever someone looks.
# argv: URL RATE
import sys, time, urllib.request

url, rate = sys.argv[1], int(sys.argv[2])
chunk = 8192
while True:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            while r.read(chunk):
                time.sleep(chunk / rate)
    except OSError:
        time.sleep(0.5)
