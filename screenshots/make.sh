#!/usr/bin/env bash
# Regenerates the README pictures from the incident drill (tests/VpsTop.Tests/Drill): a real sshd brute-forced in
# network namespaces of the drill's own, a dropped uploader and scanner, and vpstop in a 100×30 tmux driven by keys.
# The drill saves each step's screen with its colours (tmux capture-pane -e); here they become HTML (aha) and are
# photographed by headless Chromium. Needs root, tmux, aha, chromium, the .NET SDK (apt-get install tmux aha chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export VPSTOP_BIN=${VPSTOP_BIN:-$PWD/artifacts/aot/vpstop}
[ -x "$VPSTOP_BIN" ] || { echo "screenshots/make.sh: build the binary first (tests/run.sh publishes $VPSTOP_BIN)" >&2; exit 1; }
for t in tmux aha chromium dotnet; do command -v "$t" >/dev/null || { echo "screenshots/make.sh: $t is missing" >&2; exit 1; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/shots"
VPSTOP_SCREENSHOTS="$work/shots" dotnet test tests/VpsTop.Tests -c Release --filter "FullyQualifiedName~IncidentDrill" \
  >"$work/drill.log" 2>&1 || { tail -n 40 "$work/drill.log"; echo "screenshots/make.sh: the drill failed" >&2; exit 1; }

rm -f screenshots/*.png
for ansi in "$work"/shots/*.ansi; do
  name=$(basename "$ansi" .ansi)
  aha --black --title "VpsTop" <"$ansi" >"$work/$name.html"
  sed -i 's#<pre>#<pre style="font-family: DejaVu Sans Mono, monospace; font-size: 14px; line-height: 1.25; margin: 8px">#' "$work/$name.html"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
    --window-size=900,560 --screenshot="$PWD/screenshots/$name.png" "file://$work/$name.html" >/dev/null 2>&1
  echo "screenshots/$name.png"
done
