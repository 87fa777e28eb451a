#!/bin/sh
# SPDX-License-Identifier: ISC
# hardening.sh: the hardening checks make test runs beside the
# integration tests, at a lower priority (docs/security.md,
# docs/testing.md):
#
#   - the host code (tender, elftool, unit tests) built with clang -Werror;
#   - the same built with AddressSanitizer and UndefinedBehaviorSanitizer:
#     the whole unit suite, and every integration case that needs no KVM
#     (kind nokvm), against the sanitized tender and elftool;
#   - each libFuzzer target of fuzz/ on its seed corpus for FUZZ_SECONDS
#     (default 10).
#
# Each build and each run is one case. Writes H_PASSED=, H_FAILED=,
# H_SKIPPED= to the file named by $1 and prints
# "hardening: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
OUT=${1:-}
B=${BUILD:-build}
SECS=${FUZZ_SECONDS:-10}
H_PASSED=0 H_FAILED=0 H_SKIPPED=0
LOG="$B/hardening"
mkdir -p "$LOG"

pass() { H_PASSED=$((H_PASSED + 1)); echo "PASS $1"; }
fail() {
    H_FAILED=$((H_FAILED + 1))
    echo "FAIL $1"
    [ -f "${2:-}" ] && sed 's/^/    | /' "$2" | tail -n 20
}

MK="make --no-print-directory -j2"

# --- threads ---------------------------------------------------------------
# Stop signals must reach the vCPU thread: every other thread is made by
# tnd_core_thread_create, which blocks them (test_signals.c checks it).
raw=$(grep -rn 'pthread_create' tender --include='*.c' | grep -v '^tender/core.c:')
if [ -z "$raw" ]; then
    pass "threads: only tnd_core_thread_create calls pthread_create"
else
    echo "$raw" >"$LOG/threads.log"
    fail "threads: only tnd_core_thread_create calls pthread_create" \
        "$LOG/threads.log"
fi

# --- clang -Werror -------------------------------------------------------
if $MK BUILD="$B/clang" HOST_CC=clang "$B/clang/pinvisor" \
    "$B/clang/pinvisor-elftool" "$B/clang/tests/unit-tests" \
    >"$LOG/clang.log" 2>&1; then
    pass "clang: tender, elftool and unit tests build with -Werror"
else
    fail "clang: tender, elftool and unit tests build with -Werror" \
        "$LOG/clang.log"
fi

# --- ASan + UBSan ----------------------------------------------------------
# No static linking with the sanitizer runtime. A sanitizer report exits
# 99, a status no case expects.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
export ASAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1
A="$B/asan"
if $MK BUILD="$A" HOST_CC=clang \
    HOST_CFLAGS="-O1 -g -fno-omit-frame-pointer $SAN" HOST_LDFLAGS="$SAN" \
    TENDER_LDFLAGS= "$A/pinvisor" "$A/pinvisor-elftool" \
    "$A/tests/unit-tests" >"$LOG/asan-build.log" 2>&1; then
    pass "asan+ubsan: tender, elftool and unit tests build"
    # One worker at a time: Criterion's runner process itself leaks 48
    # bytes (a calloc in libcriterion) when some of the gdb stub's tests,
    # whose workers fork and exit, end side by side; serial, it does not.
    # Leaks of the code under test show in the workers either way.
    "$A/tests/unit-tests" --jobs 1 >"$LOG/asan-unit.log" 2>&1
    rc=$?
    syn=$(grep 'Synthesis:' "$LOG/asan-unit.log" | tail -n 1)
    if [ "$rc" -eq 0 ] && [ -n "$syn" ] &&
        ! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
            "$LOG/asan-unit.log"; then
        pass "asan+ubsan: unit suite (${syn#*Synthesis: })"
    else
        fail "asan+ubsan: unit suite (status $rc)" "$LOG/asan-unit.log"
    fi
    (
        TMPD=$(mktemp -d)
        export TMPD PV="$A/pinvisor" ELFTOOL="$A/pinvisor-elftool"
        # Not here: the runner's own test (it boots VMs with the normal
        # build) and the install check (it installs the normal build, with
        # make, in the tree the main run is using).
        PHASE=nokvm
        . tests/integration/lib.sh
        for f in tests/integration/*.test.sh; do
            case $f in
            */runner.test.sh | */install.test.sh) continue ;;
            esac
            CASE_KIND=kvm
            . "$f"
        done
        rm -rf "$TMPD"
        echo "RESULT $I_PASSED $I_FAILED"
    ) >"$LOG/asan-integration.log" 2>&1
    res=$(sed -n 's/^RESULT //p' "$LOG/asan-integration.log")
    ip=${res% *} if=${res#* }
    if [ -n "$res" ] && [ "$ip" -gt 0 ] && [ "$if" -eq 0 ] &&
        ! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
            "$LOG/asan-integration.log"; then
        pass "asan+ubsan: $ip host-side integration cases"
    else
        grep '^FAIL' "$LOG/asan-integration.log" >"$LOG/asan-fails.log"
        fail "asan+ubsan: host-side integration cases (${if:-?} failed)" \
            "$LOG/asan-fails.log"
    fi
else
    fail "asan+ubsan: tender, elftool and unit tests build" \
        "$LOG/asan-build.log"
    fail "asan+ubsan: unit suite (not built)"
    fail "asan+ubsan: host-side integration cases (not built)"
fi

# --- fuzz targets, briefly -------------------------------------------------
TARGETS="elf options stimulus validate ring json i2c_sim i2c_ring uart_sim gdb"
if $MK "$B/fuzz/fuzz_elf" fuzz-build >"$LOG/fuzz-build.log" 2>&1; then
    pass "fuzz: every target builds"
    for t in $TARGETS; do
        if out=$(BUILD="$B" scripts/fuzz.sh short "$SECS" "$t" 2>&1); then
            pass "fuzz: $out"
        else
            echo "$out" >"$LOG/fuzz-$t.log"
            fail "fuzz: fuzz_$t found something" "$LOG/fuzz-$t.log"
        fi
    done
else
    fail "fuzz: every target builds" "$LOG/fuzz-build.log"
    for t in $TARGETS; do fail "fuzz: fuzz_$t (not built)"; done
fi

echo "hardening: $H_PASSED passed, $H_FAILED failed, $H_SKIPPED skipped"
if [ -n "$OUT" ]; then
    printf 'H_PASSED=%s\nH_FAILED=%s\nH_SKIPPED=%s\n' \
        "$H_PASSED" "$H_FAILED" "$H_SKIPPED" >"$OUT"
fi
[ "$H_FAILED" -eq 0 ]
