#!/usr/bin/env python3
"""Capture cost side by side: `vpstop bandwidth` vs `nethogs -t` vs `tcpdump -s 96 -w /dev/null`, each watching the
host end of a veth pair into a namespace of the benchmark's own while iperf3 pushes (a) one TCP stream at full speed
and (b) small UDP datagrams as fast as it can. Reports each monitor's CPU seconds per GB on the wire, its drops,
and how much it slowed the transfer. Only the benchmark's own namespace is ever sent traffic.

Importable (bench.py calls run()) or runnable alone: sudo python3 bench/capture_bench.py --vpstop PATH
"""
import os, re, shutil, signal, subprocess, sys, time

NS = f"vpstop-bench-{os.getpid()}"
HOST_IF, NS_IF = f"vbh{os.getpid() % 100000}", f"vbn{os.getpid() % 100000}"
HOST_IP, NS_IP = "10.231.0.1", "10.231.0.2"


def sh(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check)


def setup():
    sh("ip", "netns", "add", NS)
    sh("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF, "netns", NS)
    sh("ip", "addr", "add", HOST_IP + "/24", "dev", HOST_IF)
    sh("ip", "link", "set", HOST_IF, "up")
    sh("ip", "-n", NS, "addr", "add", NS_IP + "/24", "dev", NS_IF)
    sh("ip", "-n", NS, "link", "set", NS_IF, "up")
    sh("ip", "-n", NS, "link", "set", "lo", "up")


def teardown():
    sh("ip", "netns", "del", NS, check=False)
    sh("ip", "link", "del", HOST_IF, check=False)


def counters():
    d = f"/sys/class/net/{HOST_IF}/statistics/"
    return sum(int(open(d + f).read()) for f in ("tx_bytes", "rx_bytes"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def capturing(ifname):
    index = open(f"/sys/class/net/{ifname}/ifindex").read().strip()
    with open("/proc/net/packet") as f:
        return any(line.split()[4] == index for line in list(f)[1:] if len(line.split()) > 4)


def traffic(kind, seconds):
    """Runs iperf3 from the host into the namespace; returns its bits/s as reported."""
    args = ["iperf3", "-c", NS_IP, "-t", str(seconds), "-J"]
    if kind == "udp":
        args += ["-u", "-b", "0", "-l", "64"]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    m = re.search(r'"sum_sent":\s*\{[^}]*?"bits_per_second":\s*([0-9.e+]+)', out, re.S) or re.search(r'"sum":\s*\{[^}]*?"bits_per_second":\s*([0-9.e+]+)', out, re.S)
    return float(m.group(1)) if m else 0.0


def measure(kind, monitor, vpstop, seconds):
    """One run: start the monitor, wait until it captures, push traffic, and read its CPU over exactly that window."""
    cmd = {
        "none": None,
        "vpstop": [vpstop, "bandwidth", "--interface", HOST_IF, "--seconds", str(seconds + 30)],
        "nethogs": ["nethogs", "-t", "-d", "1", HOST_IF] + (["-C"] if kind == "udp" else []),
        "tcpdump": ["tcpdump", "-i", HOST_IF, "-s", "96", "-B", "16384", "-n", "-w", "/dev/null"],
    }[monitor]
    proc = None
    if cmd:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        while not capturing(HOST_IF) and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    bytes0 = counters()
    cpu0 = cpu_seconds(proc.pid) if proc else 0
    bps = traffic(kind, seconds)
    cpu1 = cpu_seconds(proc.pid) if proc else 0
    wire = counters() - bytes0
    drops = None
    if proc:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        m = re.search(r"(\d+) packets dropped by kernel", err) or re.search(r"dropped (\d+) packets", err)
        drops = int(m.group(1)) if m else (0 if monitor in ("tcpdump", "vpstop") else None)
    return {"cpu": cpu1 - cpu0, "gb": wire / 1e9, "bps": bps, "drops": drops}


def run(vpstop, seconds=6):
    for tool in ("iperf3", "nethogs", "tcpdump"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (apt-get install iperf3 nethogs tcpdump)")
    rows = []
    teardown()
    setup()
    server = subprocess.Popen(["ip", "netns", "exec", NS, "iperf3", "-s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        for kind, label in (("tcp", "one TCP stream, full speed"), ("udp", "64-byte UDP datagrams, full speed")):
            results = {m: measure(kind, m, vpstop, seconds) for m in ("none", "vpstop", "nethogs", "tcpdump")}
            base = results["none"]["bps"]
            per_gb = {m: (r["cpu"] / r["gb"] if r["gb"] else 0) for m, r in results.items()}
            for m in ("vpstop", "nethogs", "tcpdump"):
                r = results[m]
                slowdown = f", transfer {100 * (r['bps'] / base - 1):+.0f}%" if base else ""
                drops = "n/a" if r["drops"] is None else str(r["drops"])
                ratio = (f"{per_gb['vpstop'] / per_gb[m]:.2f}× of {m}" if m != "vpstop" and per_gb[m] else "")
                rows.append((f"capture on a veth, {label}", f"{'vpstop bandwidth' if m == 'vpstop' else m}",
                             f"{per_gb[m]:.2f} CPU-s/GB ({r['cpu']:.2f} CPU-s, {r['gb']:.2f} GB), drops {drops}{slowdown}",
                             ratio or "—"))
    finally:
        server.kill()
        server.wait()
        teardown()
    return rows


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--vpstop", required=True)
    ap.add_argument("--seconds", type=int, default=6)
    a = ap.parse_args()
    for r in run(os.path.abspath(a.vpstop), a.seconds):
        print("| " + " | ".join(r) + " |")
