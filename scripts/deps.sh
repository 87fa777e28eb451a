#!/bin/sh
# deps.sh: installs the Debian packages pinvisor needs to build and test,
# and only those that are missing. Needs root (or sudo) only when something
# is missing.
set -eu

# clang, its runtime (libFuzzer, sanitizers) and llvm-symbolizer: the
# hardening checks of make test (tests/hardening.sh) and make fuzz.
PKGS="gcc make binutils pkg-config libc6-dev linux-libc-dev libseccomp-dev
      libcriterion-dev iproute2 iputils-ping procps clang libclang-rt-14-dev
      llvm-14"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
