#!/usr/bin/env bash
# Installs VpsTop as one NativeAOT binary: /usr/local/bin/vpstop (or PREFIX/bin/vpstop).
#
#   sudo ./install.sh                      build here (needs the .NET 10 SDK) and install
#   sudo ./install.sh --binary ./vpstop    install a binary built on another machine (no SDK needed)
#   sudo ./install.sh --prefix /opt/vpstop
#   sudo ./install.sh --uninstall
#
# Every check runs before anything changes; the binary is built in a temporary directory and moved into
# place with one rename, so a failure leaves the machine as it was. Running it again is harmless.
set -euo pipefail

prefix=/usr/local
binary=
uninstall=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "install.sh: $*" >&2; exit 1; }
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --binary) [ $# -ge 2 ] || die "--binary needs a file"; binary=$2; shift 2 ;;
    --binary=*) binary=${1#--binary=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done
case "$prefix" in /*) ;; *) die "--prefix must be an absolute path, got '$prefix'" ;; esac
target="$prefix/bin/vpstop"

[ "$(id -u)" -eq 0 ] || die "run as root (sudo ./install.sh): it installs packages and writes $target"

if [ "$uninstall" -eq 1 ]; then
  if [ -e "$target" ]; then rm -f -- "$target"; echo "removed $target"; else echo "nothing to remove: $target does not exist"; fi
  exit 0
fi

# Debian/Ubuntu only: the runtime dependency comes from apt.
[ -r /etc/os-release ] || die "unsupported system: no /etc/os-release (Debian 12 or Ubuntu 22.04+ needed)"
. /etc/os-release
case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "*|*" ubuntu "*) ;;
  *) die "unsupported distribution '${PRETTY_NAME:-${ID:-unknown}}': this installer knows Debian 12 and Ubuntu 22.04+ (apt)" ;;
esac
command -v apt-get >/dev/null || die "apt-get not found"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) die "unsupported CPU architecture $(uname -m) (x86_64 and aarch64 are built)" ;;
esac

if [ -n "$binary" ]; then
  [ -f "$binary" ] || die "--binary: no such file: $binary"
  head -c 4 "$binary" | grep -q 'ELF' || die "--binary: $binary is not a Linux executable"
  [ ! -e "$binary.dll" ] || die "--binary: $binary is a .NET launcher that needs $binary.dll, not the NativeAOT binary (dotnet publish -p:PublishAot=true, see README)"
else
  command -v dotnet >/dev/null \
    || die "the .NET 10 SDK is needed to build VpsTop (dotnet not found). Install it (Ubuntu: apt-get install dotnet-sdk-10.0 where the archive has it; otherwise Microsoft's packages), or build on another machine and use --binary (see README)"
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' \
    || die "the .NET 10 SDK is needed to build VpsTop; found: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' ')"
  [ -f "$here/src/VpsTop/VpsTop.csproj" ] || die "run install.sh from a checkout of the VpsTop repository"
fi

# Runtime: libpcap for packet capture. Build (only when building here): a C toolchain and zlib for NativeAOT.
need=()
dpkg -s libpcap0.8 >/dev/null 2>&1 || dpkg -s libpcap0.8t64 >/dev/null 2>&1 || need+=(libpcap0.8)
if [ -z "$binary" ]; then
  { command -v clang >/dev/null || command -v gcc >/dev/null; } || need+=(gcc)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing with apt-get: ${need[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    pkgs=()
    for p in "${need[@]}"; do
      # Ubuntu 24.04 renamed the runtime library package for the 64-bit time_t transition.
      if [ "$p" = libpcap0.8 ] && ! apt-cache show libpcap0.8 >/dev/null 2>&1; then p=libpcap0.8t64; fi
      pkgs+=("$p")
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" || die "apt-get could not install: ${pkgs[*]}"
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$binary" ]; then
  echo "building VpsTop (NativeAOT, $rid); this takes about a minute"
  # Built where it runs, so it may use this CPU's instructions (AVX2 and the like: ~5% on a big auth.log summary);
  # a binary for other machines is built without this, see README.
  isa=()
  [ "$rid" != linux-x64 ] || isa=(-p:IlcInstructionSet=native)
  if ! dotnet publish "$here/src/VpsTop/VpsTop.csproj" -c Release -r "$rid" -o "$work/out" -p:PublishAot=true "${isa[@]}" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "build failed (log above); nothing was installed"
  fi
  binary="$work/out/vpstop"
fi
"$binary" --version >/dev/null 2>&1 || die "$binary does not run on this machine; nothing was installed"

mkdir -p "$prefix/bin"
# Same-directory temp file + rename: a running vpstop keeps its old inode, and no half-written binary is ever at $target.
install -m 0755 "$binary" "$prefix/bin/.vpstop.new.$$"
mv -f "$prefix/bin/.vpstop.new.$$" "$target"
echo "installed $target ($("$target" --version))"
