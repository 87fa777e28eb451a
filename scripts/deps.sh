#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh: installs the Debian packages pinvisor needs, and only those
# that are missing. Needs root (or sudo) only when something is missing.
#
#   scripts/deps.sh        what building and testing on this machine needs
#   scripts/deps.sh vm     what the test VM needs (tests/vm/prepare.sh):
#                          QEMU, busybox, the kernel module tools, libgpiod
#                          tools for the cross-checks run inside it
#   scripts/deps.sh aarch64     the cross build (make ARCH=aarch64): gcc for
#                          arm64 and libseccomp for arm64 (dpkg's arm64
#                          architecture is added if it is missing)
#   scripts/deps.sh vm-aarch64  the arm64 test VM: the cross build's, QEMU
#                          for arm64, and the VM tools above
set -eu

case ${1:-base} in
base)
    # clang, its runtime (libFuzzer, sanitizers) and llvm-symbolizer:
    # the hardening checks of make test (tests/hardening.sh), make fuzz.
    # musl-dev: the pure parts of the guest C library
    # (guest/libc/import/); ocaml-nox, ocaml-source, ocaml-findlib,
    # liblwt-ocaml-dev, patch: OCaml unikernels (ocaml/, mk/ocaml.mk).
    # strace: the command-line tests check what the tender opened.
    # gdb, gdb-multiarch: the --dumpcore tests read the core files.
    PKGS="gdb gdb-multiarch strace gcc make binutils pkg-config libc6-dev linux-libc-dev
          libseccomp-dev libcriterion-dev iproute2 iputils-ping procps
          musl-dev ocaml-nox ocaml-source ocaml-findlib liblwt-ocaml-dev
          patch clang libclang-rt-14-dev llvm-14"
    ;;
vm)
    PKGS="qemu-system-x86 busybox-static cpio kmod xz-utils gzip gcc make
          libelf-dev gpiod"
    ;;
aarch64 | vm-aarch64)
    # musl-dev:arm64: the guest C library's pure parts for aarch64.
    PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross libseccomp-dev:arm64
          musl-dev:arm64"
    [ "$1" = vm-aarch64 ] &&
        PKGS="$PKGS qemu-system-arm cpio kmod xz-utils gzip make libelf-dev"
    ;;
*)
    echo "deps: unknown package set '$1'" >&2
    exit 2
    ;;
esac

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
case $missing in
*:arm64*)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "deps: adding dpkg architecture arm64"
        $SUDO dpkg --add-architecture arm64
    fi
    ;;
esac
export DEBIAN_FRONTEND=noninteractive
# Another apt may be running: dpkg's lock is waited for (DPkg::Lock::
# Timeout), but not the package lists' lock that "update" takes, so our
# own apt calls also wait for each other (flock) and "update" is retried.
LOCK="-o DPkg::Lock::Timeout=600"
SER="flock -w 900 /var/lock/pinvisor-apt.lock"
# shellcheck disable=SC2086
for try in 1 2 3; do
    $SUDO $SER apt-get $LOCK update -qq && break
    [ "$try" = 3 ] && exit 1
    sleep 10
done
# shellcheck disable=SC2086
$SUDO $SER apt-get $LOCK install -y -qq --no-install-recommends $missing >/dev/null
