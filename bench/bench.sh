#!/usr/bin/env bash
# Runs every side-by-side benchmark in one go and prints the Markdown table README shows.
# Usage: sudo bench/bench.sh [idle] [capture] [sockets] [auth] [--vpstop PATH] [--sockets N] [--runs N] [--idle-seconds N] [--capture-seconds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
need=()
for t in ss:iproute2 netstat:net-tools htop:htop tmux:tmux python3:python3 iperf3:iperf3 nethogs:nethogs tcpdump:tcpdump; do
  command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
done
[ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
if [ ! -x artifacts/aot/vpstop ] && ! printf '%s\n' "$@" | grep -q -- --vpstop; then
  dotnet publish src/VpsTop/VpsTop.csproj -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native -o artifacts/aot >/dev/null
fi
exec python3 bench/bench.py "$@"
