# SPDX-License-Identifier: ISC
# runner.test.sh: the test runner's own hang handling (run.sh): a case
# that goes silent as a frozen VM does is named, a fresh VM runs it
# again and counts it once; a case that silences a fresh VM too fails,
# and the run goes on after it. Each runs a nested run.sh with one x86_64
# case (two or three VM boots; about 40 and 60 s), here on this machine,
# before the suite's own VMs boot; TEST_VM=no leaves them out.
CASE_KIND=nokvm
RUNNER_CASE="hello native: command line reaches the guest"

# TIMES STATUS: the nested run with the case hanging TIMES times ends
# with STATUS and the reports below.
runner_hang() {
    rm -f "$B/vm/hang-injected"
    FILES=core ONLY="^$RUNNER_CASE\$" TEST_ARCH=x86_64 TEST_VM=yes VM_IDLE=10 \
        VM_TEST_HANG="$RUNNER_CASE" VM_TEST_HANG_TIMES="$1" \
        tests/integration/run.sh >"$TMPD/runner.out" 2>&1
    st=$?
    rm -f "$B/vm/hang-injected"
    cp "$TMPD/runner.out" "$LAST_OUT"
    [ "$st" = "$2" ] || { echo "nested run.sh exit $st, expected $2"; tail -n 8 "$LAST_OUT"; return 1; }
    grep -q "stopped answering (hung) during case: $RUNNER_CASE\$" "$LAST_OUT" &&
        grep -q "booting a fresh VM to run it again" "$LAST_OUT" ||
        { echo "no hang report"; tail -n 8 "$LAST_OUT"; return 1; }
}
runner_recovered() {
    runner_hang 1 0 || return 1
    grep -q '^integration: .* 1 passed, 0 failed, 0 skipped$' "$LAST_OUT" &&
        grep -q 'a test VM stopped answering 1 time' "$LAST_OUT" ||
        { echo "counts:"; grep 'integration' "$LAST_OUT" | tail -n 3; return 1; }
}
runner_ours() {
    runner_hang 2 1 || return 1
    grep -q "stopped a fresh x86_64 test VM too (hung): the hang is ours" "$LAST_OUT" &&
        grep -q "^FAIL $RUNNER_CASE: the test VM stopped answering during this case, twice" "$LAST_OUT" &&
        grep -q '^integration: .* 0 passed, 1 failed, 0 skipped$' "$LAST_OUT" ||
        { echo "report:"; grep 'integration\|FAIL' "$LAST_OUT" | tail -n 5; return 1; }
}

if [ -z "${ONLY:-}${FILES:-}" ] && [ "${TEST_VM:-auto}" != no ] &&
    [ "$(uname -m)" = x86_64 ]; then
    check "runner: a case that hangs the VM once is named and run again in a fresh VM" \
        runner_recovered
    check "runner: a case that hangs a fresh VM too fails, and the run goes on" \
        runner_ours
fi
