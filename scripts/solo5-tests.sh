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
# Exit status: 0 if every check passed, 1 otherwise, 2 on a usage error.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
S=${SOLO5_DIR:-}
[ -n "$S" ] && [ -d "$S/tests" ] ||
    { echo "solo5-tests: set SOLO5_DIR to a built Solo5 tree" >&2; exit 2; }
S=$(cd "$S" && pwd)
HVT=$S/tenders/hvt/solo5-hvt-debug
[ -x "$HVT" ] || { echo "solo5-tests: no $HVT (build Solo5 first)" >&2; exit 2; }

if [ "${1:-}" != --inner ]; then
    if why=$(scripts/kvm-works.sh --solo5-mode); then
        exec "$0" --inner
    fi
    echo "solo5-tests: $why"
    echo "solo5-tests: using the x86_64 test VM"
    exec tests/vm/boot.sh --timeout 900 -- \
        env SOLO5_DIR="$S" scripts/solo5-tests.sh --inner
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; failed=$((failed + 1)); }

# NAME TENDER: test_hello prints SUCCESS and exits 0.
hello() {
    out=$(timeout 120 "$2" "$S/tests/test_hello/test_hello.hvt" Hello_Solo5 2>&1)
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
    timeout 120 "$2" --dumpcore="$d" "$S/tests/test_dumpcore/test_dumpcore.hvt" \
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
    gdb -batch -nx -ex bt "$S/tests/test_dumpcore/test_dumpcore.hvt" \
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

hello pinvisor "$B/pinvisor"
hello solo5-hvt-debug "$HVT"
dumpcore pinvisor "$B/pinvisor"
dumpcore solo5-hvt-debug "$HVT"
same_bt
echo "solo5-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
