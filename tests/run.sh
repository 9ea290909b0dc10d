#!/usr/bin/env bash
# Runs every VpsTop test as root on this machine: unit, real-socket, real-process and headless-screen tests,
# and the smoke test of the published binary in tmux. Installs the Debian packages the tests use first.
# Prints "N passed, N failed" from the real results and exits non-zero when anything failed or did not build.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ "$(id -u)" -eq 0 ] || { echo "tests/run.sh: run as root (sudo tests/run.sh): the tests open sockets, create network namespaces, start and kill processes" >&2; exit 1; }

packages=(libpcap0.8 iproute2 tmux openssh-server sshpass procps psmisc net-tools python3 gcc zlib1g-dev tcpdump util-linux mount logrotate xz-utils zstd bzip2 systemd-journal-remote)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null || { echo "tests/run.sh: apt-get install failed" >&2; exit 1; }
fi
command -v dotnet >/dev/null || { echo "tests/run.sh: the .NET 10 SDK (dotnet) is needed" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
if ! dotnet build VpsTop.sln -c Release >"$log" 2>&1; then
  grep -E "error|rror\(s\)" "$log" | sort -u | head -n 20
  echo "tests/run.sh: the solution did not build; no test ran" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
: >"$log"
# Hygiene: the code as dotnet format leaves it (rules in .editorconfig), and no line past 140 characters.
if ! dotnet format VpsTop.sln --verify-no-changes --no-restore >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sed -E 's/ \[.*\]$//' | sort -u | head -n 20
  echo "tests/run.sh: the code is not formatted as .editorconfig says: run dotnet format VpsTop.sln" >&2
  status=1
fi
: >"$log"
if ! python3 -c 'import pathlib, sys
long = [f"{p}:{n}: {len(l)} characters" for d in ("src", "tests") for p in sorted(pathlib.Path(d).rglob("*.cs"))
        if not {"Fixtures", "bin", "obj"} & set(p.parts) for n, l in enumerate(p.read_text("utf-8").splitlines(), 1) if len(l) > 140]
print("\n".join(long)); sys.exit(1 if long else 0)' >&2; then
  echo "tests/run.sh: lines past 140 characters (listed above): wrap them" >&2
  status=1
fi
# The smoke tests drive the shipped artifact: the NativeAOT binary install.sh builds.
if dotnet publish src/VpsTop/VpsTop.csproj -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native -o artifacts/aot >"$log" 2>&1; then
  export VPSTOP_BIN="$PWD/artifacts/aot/vpstop"
else
  grep -E "error" "$log" | sort -u | head -n 20
  echo "tests/run.sh: NativeAOT publish failed; the binary smoke tests will run the JIT build instead" >&2
  status=1
fi
: >"$log"
results=artifacts/test-results
rm -rf "$results"
passed=0 failed=0 skipped=0
for project in tests/VpsTop.Core.Tests tests/VpsTop.Tests; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --blame-hang-timeout 5m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" >"$log" 2>&1 || status=1
  # Failures in full; passes only counted.
  grep -E -A 30 "^\s+Failed " "$log" | grep -vE "^\s+at (System|Xunit)\." || true
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    tail -n 20 "$log"
    echo "tests/run.sh: $name produced no results" >&2
    failed=$((failed + 1)); status=1
    continue
  fi
  # <Counters total="…" executed="…" passed="…" failed="…" … notExecuted="…" />
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
  n=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")
  echo "[$name] passed $p, failed $((f + e)), not executed $n"
  passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + n))
done

[ "$skipped" -eq 0 ] || echo "($skipped not executed)"
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
