#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: runs every test (make test): the Criterion unit tests, then the
# integration tests that boot real unikernels on the real tender (in the
# test VM where this machine has no usable KVM: tests/integration/run.sh)
# and, beside them, the hardening checks (clang, sanitizers, fuzz targets:
# tests/hardening.sh). Ends with one line "N passed, N failed, N skipped"
# and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
export BUILD="$B"

# The Criterion binaries: the tender's unit tests and the guest C
# library's host tests (tests/libc/).
u_pass=0 u_fail=0
for bin in "$B/tests/unit-tests" "$B/tests/libc-tests"; do
    unit_log=$(mktemp)
    "$bin" --jobs 2 >"$unit_log" 2>&1
    unit_rc=$?
    cat "$unit_log"
    # Criterion's closing line: "[====] Synthesis: Tested: T | Passing: P |
    # Failing: F | Crashing: C"
    syn=$(grep 'Synthesis:' "$unit_log" | tail -n 1)
    rm -f "$unit_log"
    b_pass=$(echo "$syn" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    b_fail=$(echo "$syn" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    b_crash=$(echo "$syn" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    if [ -z "$b_pass" ]; then
        echo "unit: $bin: no Criterion summary (exit status $unit_rc)"
        b_pass=0 b_fail=1 b_crash=0
    fi
    b_fail=$((b_fail + b_crash))
    if [ "$unit_rc" -ne 0 ] && [ "$b_fail" -eq 0 ]; then
        b_fail=1
    fi
    u_pass=$((u_pass + b_pass)) u_fail=$((u_fail + b_fail))
done
echo "unit: $u_pass passed, $u_fail failed"

# The hardening checks (clang, sanitizers, fuzz targets: tests/hardening.sh)
# run beside the integration tests, at a lower priority: those spend most
# of their time in test VMs, one CPU each, and the two can share a
# machine without touching each other's files. Their output follows.
hard_summary=$(mktemp)
hard_log=$(mktemp)
nice -n 10 tests/hardening.sh "$hard_summary" >"$hard_log" 2>&1 </dev/null &
hard_pid=$!

integ_summary=$(mktemp)
tests/integration/run.sh "$integ_summary"
i_rc=$?
# shellcheck disable=SC1090
. "$integ_summary"
rm -f "$integ_summary"
if [ "$i_rc" -ne 0 ] && [ "${I_FAILED:-0}" -eq 0 ]; then
    I_FAILED=1
fi

if [ "${I_VM_HANGS:-0}" -gt 0 ]; then
    echo "note: the test VM hung ${I_VM_HANGS} time(s) and was booted afresh (see above)"
fi

wait "$hard_pid"
h_rc=$?
echo "== hardening checks (tests/hardening.sh), run beside the integration tests:"
cat "$hard_log"
rm -f "$hard_log"
# shellcheck disable=SC1090
. "$hard_summary"
rm -f "$hard_summary"
if [ "$h_rc" -ne 0 ] && [ "${H_FAILED:-0}" -eq 0 ]; then
    H_FAILED=1
fi

passed=$((u_pass + ${I_PASSED:-0} + ${H_PASSED:-0}))
failed=$((u_fail + ${I_FAILED:-0} + ${H_FAILED:-0}))
skipped=$((${I_SKIPPED:-0} + ${H_SKIPPED:-0}))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
