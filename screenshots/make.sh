#!/usr/bin/env bash
# Regenerates the README pictures from a real run: vpstop in a 100×30 tmux on this machine, with a few real
# loopback connections open; the pane is captured with its colours (tmux), turned into HTML (aha) and
# photographed by headless Chromium. Needs root, tmux, aha, chromium (apt-get install tmux aha chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${VPSTOP_BIN:-artifacts/aot/vpstop}
[ -x "$bin" ] || { echo "screenshots/make.sh: build the binary first (tests/run.sh publishes $bin)" >&2; exit 1; }
for t in tmux aha chromium python3; do command -v "$t" >/dev/null || { echo "screenshots/make.sh: $t is missing" >&2; exit 1; }; done

work=$(mktemp -d)
session="vpstop-shot-$$"
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

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

tmux new-session -d -s "$session" -x 100 -y 30 -e TERM=xterm-256color "$bin"
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
tmux send-keys -t "$session" Escape F10
