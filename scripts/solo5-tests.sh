#!/bin/sh
# SPDX-License-Identifier: ISC
# solo5-tests.sh: runs some of Solo5's own test unikernels under pinvisor
# and under Solo5's solo5-hvt-debug, side by side, from a Solo5 tree
# built for this machine (docs/testing.md, "Solo5's test unikernels").
# An optional check, not part of make test: CI cannot fetch Solo5.
#
#   SOLO5_DIR=/path/to/solo5 scripts/solo5-tests.sh
#
# test_hello: both tenders run it to its SUCCESS line and status 0.
# test_dumpcore (Solo5's "dumpcore hvt" case, tests/tests.bats): with --dumpcore=DIR
# both exit 255, name the core at the end of a line on stderr (the bats
# case greps "core.solo5-hvt.PID$") and leave it in DIR; gdb's backtrace
# of each core names solo5_app_main, and the two are the same.
# Where this machine's KVM cannot run Solo5-mode guests
# (scripts/kvm-works.sh --solo5-mode), it all runs in the x86_64 test VM.
# SOLO5_DIR=/path/to/solo5-aarch64 VM_KERNEL=6.12-16k \
#       scripts/solo5-tests.sh --aarch64
#   the same unikernels cross-built for aarch64 (Solo5's configure.sh
#   with TARGET_CC=aarch64-linux-gnu-gcc and its TARGET_LD, TARGET_OBJCOPY)
#   under the aarch64 pinvisor in the arm64 test VM booting VM_KERNEL
#   (default 6.1); gdb there is tests/vm/gdb-arm64.sh's. No solo5-hvt
#   beside it: Solo5 has no dumpcore on aarch64 (its bats case skips).
# Exit status: 0 if every check passed, 1 otherwise, 2 on a usage error.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
S=${SOLO5_DIR:-}
if [ "${1:-}" != --inner-aarch64 ]; then
    [ -n "$S" ] && [ -d "$S/tests" ] ||
        { echo "solo5-tests: set SOLO5_DIR to a built Solo5 tree" >&2; exit 2; }
    S=$(cd "$S" && pwd)
fi
HVT=$S/tenders/hvt/solo5-hvt-debug
PV=$B/pinvisor GDB=gdb
HELLO=$S/tests/test_hello/test_hello.hvt
DUMP=$S/tests/test_dumpcore/test_dumpcore.hvt

case ${1:-} in
--aarch64)
    # The arm64 VM sees only the checkout and the build: the images go
    # into the aarch64 build.
    A=$B/aarch64/solo5-tests
    mkdir -p "$A"
    cp "$HELLO" "$DUMP" "$A/" || exit 2
    BUILD=$B/aarch64 tests/vm/gdb-arm64.sh >/dev/null || exit 2
    echo "solo5-tests: the arm64 test VM, kernel ${VM_KERNEL:-6.1}"
    exec env VM_ARCH=aarch64 BUILD="$B/aarch64" tests/vm/boot.sh \
        --timeout 900 -- env SOLO5_DIR="$S" BUILD="$B" \
        scripts/solo5-tests.sh --inner-aarch64
    ;;
--inner-aarch64)
    A=$B/aarch64/solo5-tests
    PV=$B/aarch64/pinvisor GDB=$B/aarch64/vm/gdb-arm64/gdb HVT=""
    HELLO=$A/test_hello.hvt DUMP=$A/test_dumpcore.hvt
    ;;
--inner) ;;
*)
    [ -x "$HVT" ] || { echo "solo5-tests: no $HVT (build Solo5 first)" >&2; exit 2; }
    if why=$(scripts/kvm-works.sh --solo5-mode); then
        exec "$0" --inner
    fi
    echo "solo5-tests: $why"
    echo "solo5-tests: using the x86_64 test VM"
    exec tests/vm/boot.sh --timeout 900 -- \
        env SOLO5_DIR="$S" scripts/solo5-tests.sh --inner
    ;;
esac

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; failed=$((failed + 1)); }

# NAME TENDER: test_hello prints SUCCESS and exits 0.
hello() {
    out=$(timeout 120 "$2" "$HELLO" Hello_Solo5 2>&1)
    st=$?
    if [ "$st" -eq 0 ] && printf '%s\n' "$out" | grep -q '^SUCCESS$'; then
        ok "test_hello under $1: status 0, SUCCESS"
    else
        bad "test_hello under $1: status $st" "$(printf '%s\n' "$out" | tail -n 3)"
    fi
}

# NAME TENDER: test_dumpcore leaves a core gdb reads.
dumpcore() {
    d=$T/$1
    mkdir -p "$d"
    timeout 120 "$2" --dumpcore="$d" "$DUMP" \
        >"$d/out" 2>&1
    st=$?
    core=$(grep -o 'core\.solo5-hvt\.[0-9]*$' "$d/out")
    if [ "$st" -eq 255 ] && [ -n "$core" ] && [ -f "$d/$core" ]; then
        ok "test_dumpcore under $1: status 255, $core named and written"
    else
        bad "test_dumpcore under $1: status $st, core '${core:-}' (the bats case's check)" \
            "$(tail -n 4 "$d/out")"
        return
    fi
    "$GDB" -batch -nx -ex bt "$DUMP" \
        "$d/$core" >"$d/bt" 2>&1
    if grep -q '^#[0-9].* solo5_app_main ' "$d/bt" &&
        grep -q '^#0 ' "$d/bt"; then
        ok "test_dumpcore under $1: gdb's bt from the core reaches solo5_app_main"
    else
        bad "test_dumpcore under $1: gdb's bt" "$(cat "$d/bt")"
    fi
    sed -n 's/^#/    #/p' "$d/bt" | uniq
}

# The backtraces of the two cores, frame by frame.
same_bt() {
    a=$(grep '^#' "$T/pinvisor/bt" 2>/dev/null | uniq)
    b=$(grep '^#' "$T/solo5-hvt-debug/bt" 2>/dev/null | uniq)
    if [ -n "$a" ] && [ "$a" = "$b" ]; then
        ok "test_dumpcore: both cores give gdb the same backtrace"
    else
        bad "test_dumpcore: the backtraces differ" "pinvisor: $a" "solo5-hvt-debug: $b"
    fi
}

hello pinvisor "$PV"
dumpcore pinvisor "$PV"
if [ -n "$HVT" ]; then
    hello solo5-hvt-debug "$HVT"
    dumpcore solo5-hvt-debug "$HVT"
    same_bt
fi
echo "solo5-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
