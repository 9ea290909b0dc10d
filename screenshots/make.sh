#!/usr/bin/env bash
# Regenerates the README pictures from a real run: vpstop in a 100×30 tmux on this machine, with a few real
# loopback connections open and real traffic over a veth into a namespace of the script's own; the pane is captured with its colours (tmux), turned into HTML (aha) and
# photographed by headless Chromium. Needs root, tmux, aha, chromium (apt-get install tmux aha chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${VPSTOP_BIN:-artifacts/aot/vpstop}
[ -x "$bin" ] || { echo "screenshots/make.sh: build the binary first (tests/run.sh publishes $bin)" >&2; exit 1; }
for t in tmux aha chromium python3; do command -v "$t" >/dev/null || { echo "screenshots/make.sh: $t is missing" >&2; exit 1; }; done

work=$(mktemp -d)
session="vpstop-shot-$$"
ns="vpstop-shot-$$"; host_if="vsh$$"; ns_if="vsn$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  for p in ${holder:-} ${traffic_pids:-}; do kill "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true; ip link del "$host_if" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Traffic for the Bandwidth pane, only into a namespace of our own: a server there, and on this side an upload,
# a download, and a "dropper" — a copy of python3 in /tmp under a harmless name, deleted once started.
scripts=tests/VpsTop.Core.Tests/Traffic/Scripts
ip netns add "$ns"
ip link add "$host_if" type veth peer name "$ns_if" netns "$ns"
ip addr add 10.233.0.1/24 dev "$host_if"; ip link set "$host_if" up
ip -n "$ns" addr add 10.233.0.2/24 dev "$ns_if"; ip -n "$ns" addr add fd00:233::2/64 dev "$ns_if" nodad
ip -n "$ns" link set "$ns_if" up; ip -n "$ns" link set lo up
ip addr add fd00:233::1/64 dev "$host_if" nodad
ip netns exec "$ns" /usr/bin/python3 "$scripts/traffic_server.py" 10.233.0.2 fd00:233::2 >/dev/null &
traffic_pids="$!"
sleep 0.5
/usr/bin/python3 "$scripts/traffic_client.py" tcp up 10.233.0.2 $((300 << 20)) 200 & traffic_pids="$traffic_pids $!"
/usr/bin/python3 "$scripts/traffic_client.py" tcp down fd00:233::2 $((60 << 20)) 200 & traffic_pids="$traffic_pids $!"
dropper="$work/.cache/kworker"
mkdir -p "$(dirname "$dropper")"; cp /usr/bin/python3 "$dropper"
"$dropper" "$PWD/$scripts/traffic_client.py" tcp up 10.233.0.2 $((900 << 20)) 200 & traffic_pids="$traffic_pids $!"
sleep 0.3; rm -f "$dropper"

# Something to look at: a listener with several clients, like a busy sshd.
python3 -c '
import socket, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
keep = []
for i in range(6):
    c = socket.create_connection(l.getsockname()); s, _ = l.accept(); keep += [c, s]
time.sleep(120)' &
holder=$!
sleep 0.5

tmux new-session -d -s "$session" -x 100 -y 30 -e TERM=xterm-256color "$bin --interface $host_if"
wait_for() { for _ in $(seq 1 100); do tmux capture-pane -p -t "$session" | grep -q "$1" && return 0; sleep 0.1; done; echo "timed out waiting for $1" >&2; exit 1; }

shoot() { # name
  tmux capture-pane -e -p -t "$session" | aha --black --title "VpsTop" > "$work/$1.html"
  sed -i 's#<pre>#<pre style="font-family: DejaVu Sans Mono, monospace; font-size: 14px; line-height: 1.15; margin: 8px">#' "$work/$1.html"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
    --window-size=900,560 --screenshot="$PWD/screenshots/$1.png" "file://$work/$1.html" >/dev/null 2>&1
  echo "screenshots/$1.png"
}

wait_for "Connections"
sleep 1.5
shoot connections
tmux send-keys -t "$session" r
wait_for "per remote IP"
shoot connections-by-remote
tmux send-keys -t "$session" a
wait_for "All sockets"
# Jump to the demo listener's process (F3 search), then open its details.
tmux send-keys -t "$session" F3
wait_for "Jump to the next row"
tmux send-keys -t "$session" -l python3
tmux send-keys -t "$session" Enter
sleep 0.5
tmux send-keys -t "$session" Enter
wait_for "Parent chain"
shoot process-details
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" M-b
wait_for "rates over"
sleep 4
shoot bandwidth
tmux send-keys -t "$session" f
wait_for "Flows, rates"
shoot bandwidth-flows
tmux send-keys -t "$session" F10
