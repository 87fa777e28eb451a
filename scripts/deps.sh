#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh: installs the Debian packages pinvisor needs, and only those
# that are missing. Needs root (or sudo) only when something is missing.
#
#   scripts/deps.sh        what building and testing on this machine needs
#   scripts/deps.sh vm     what the test VM needs (tests/vm/prepare.sh):
#                          QEMU, busybox, the kernel module tools, libgpiod
#                          tools for the cross-checks run inside it
#   scripts/deps.sh bench  what make bench needs beyond the base set:
#                          gnuplot (its plots, bench/plots.sh), libgpiod
#                          tools (the gpioset/gpioget column)
#   scripts/deps.sh aarch64     the cross build (make ARCH=aarch64): gcc for
#                          arm64 and the arm64 libraries (dpkg's arm64
#                          architecture is added if it is missing)
#   scripts/deps.sh vm-aarch64  the arm64 test VM: the cross build's, QEMU
#                          for arm64, and the VM tools above
#   scripts/deps.sh --check SET...   installs nothing: exit 0 if every
#                          package of the SETs is there, else exit 1 and
#                          one line naming the missing ones and the
#                          command that installs them (plain make uses it)
set -eu

if [ "${1:-}" = --check ]; then
    shift
    all=""
    for set in "$@"; do
        all="$all $("$0" --list "$set")" || exit 2
    done
    missing=""
    for p in $all; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && exit 0
    echo "missing Debian packages:$missing; 'make deps$(case " $* " in *" aarch64 "*) echo " ARCH=aarch64" ;; esac)' (as root) installs them"
    exit 1
fi
list=""
if [ "${1:-}" = --list ]; then
    list=yes
    shift
fi

case ${1:-base} in
base)
    # clang, its runtime (libFuzzer, sanitizers) and llvm-symbolizer:
    # the hardening checks of make test (tests/hardening.sh), make fuzz.
    # musl-dev: the pure parts of the guest C library
    # (guest/libc/import/); ocaml-nox, ocaml-source, ocaml-findlib,
    # liblwt-ocaml-dev, patch: OCaml unikernels (ocaml/, mk/ocaml.mk).
    # strace: the command-line tests check what the tender opened.
    # libjson-c-dev: pinvisor-oci reads config.json; podman, buildah,
    # containerd: the OCI runtime's tests drive them (docs/fleet.md);
    # containernetworking-plugins, iptables: podman's default network.
    # gdb, gdb-multiarch: the --dumpcore and --gdb tests.
    PKGS="strace gcc make binutils pkg-config libc6-dev linux-libc-dev
          libcriterion-dev libjson-c-dev podman buildah
          containerd containernetworking-plugins iptables iproute2
          iputils-ping procps gdb gdb-multiarch
          musl-dev ocaml-nox ocaml-source ocaml-findlib liblwt-ocaml-dev
          patch clang libclang-rt-14-dev llvm-14 clang-format"
    ;;
vm)
    PKGS="qemu-system-x86 busybox-static cpio kmod xz-utils gzip gcc make
          libelf-dev gpiod i2c-tools"
    ;;
bench)
    # crun: bench/oci/run.sh's reference runtime.
    PKGS="gnuplot-nox gpiod crun"
    ;;
aarch64 | vm-aarch64)
    # musl-dev:arm64: the guest C library's pure parts for aarch64;
    # libjson-c-dev:arm64: pinvisor-oci for aarch64 (linked statically).
    PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross
          musl-dev:arm64 libjson-c-dev:arm64"
    [ "$1" = vm-aarch64 ] &&
        PKGS="$PKGS qemu-system-arm cpio kmod xz-utils gzip make libelf-dev"
    ;;
*)
    echo "deps: unknown package set '$1'" >&2
    exit 2
    ;;
esac
if [ -n "$list" ]; then
    echo $PKGS
    exit 0
fi

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
