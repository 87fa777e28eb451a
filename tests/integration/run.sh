#!/bin/sh
# run.sh: runs the integration cases of tests/integration/*.test.sh, each
# where it can run (tests/integration/lib.sh): cases that need no KVM on
# this machine; cases that need KVM (and gpio-sim) on this machine when
# they work here, else inside the test VM (tests/vm/boot.sh). Then writes
# I_PASSED=, I_FAILED=, I_SKIPPED=, I_VM_HANGS= to the file named by $1
# and prints "integration: N passed, N failed, N skipped".
#
#   TEST_VM=auto   (default) the test VM only for what this machine lacks
#   TEST_VM=yes    every KVM case in the test VM, even where KVM works
#                  here (hardware-style virtualization on a PVM machine)
#   TEST_VM=no     never the test VM: without KVM here, that is a failure
#
#   run.sh --inner   runs the cases of $PHASE in this shell (what the
#                    test VM runs; see lib.sh for PHASE, RESUME_AFTER,
#                    PROGRESS and TALLY)
set -u
cd "$(dirname "$0")/../.."
TMPD=$(mktemp -d)
export TMPD
trap 'rm -rf "$TMPD"' EXIT
. tests/integration/lib.sh

run_files() {
    for f in tests/integration/*.test.sh; do
        echo "== $(basename "$f") [$PHASE]"
        CASE_KIND=kvm
        . "$f"
    done
}

if [ "${1:-}" = --inner ]; then
    tally
    run_files
    echo "integration [$PHASE]: $I_PASSED passed, $I_FAILED failed, $I_SKIPPED skipped"
    exit 0
fi

# True if gpio-sim chips can be made here (configfs, the gpio-sim module).
have_gpiosim() {
    [ "$(id -u)" -eq 0 ] || return 1
    modprobe gpio-sim 2>/dev/null
    [ -d /sys/kernel/config/gpio-sim ]
}

here="nokvm" vm=""
I_VM_HANGS=0
case ${TEST_VM:-auto} in
yes) vm="kvm gpiosim" ;;
no | auto)
    if probe=$(timeout -k 2 20 "$B/tests/tools/kvm-probe" 2>&1); then
        here="$here kvm"
        if have_gpiosim; then here="$here gpiosim"; else vm="gpiosim"; fi
    else
        echo "integration: ${probe:-kvm-probe did not answer}"
        vm="kvm gpiosim"
    fi
    if [ "${TEST_VM:-auto}" = no ] && [ -n "$vm" ]; then
        fail "integration: cases needing $vm" \
            "they cannot run here and TEST_VM=no forbids the test VM"
        vm=""
    fi
    ;;
*)
    echo "integration: TEST_VM must be auto, yes or no, not '$TEST_VM'"
    exit 2
    ;;
esac

PHASE=$here
echo "integration: $(date +%T) on this machine: $here${vm:+; in the test VM: $vm}"
run_files

# vm_phase KINDS BUILD VM_ARCH: runs the cases of KINDS in the test VM of
# VM_ARCH with the build in BUILD, one boot for all of them. If the VM
# hangs (stops printing), the case that was running is reported and a
# fresh VM re-runs it and goes on; a case that hangs a fresh VM too is a
# failure.
vm_phase() {
    vm=$1 vb=$2 va=$3
    mkdir -p "$vb/vm"
    progress="$vb/vm/progress" tally_f="$vb/vm/tally" result="$vb/vm/result"
    resume=0 retried=""
    idle=$((TIMEOUT * 2 + 60))
    while :; do
        rm -f "$progress" "$tally_f" "$result"
        echo "integration: $(date +%T) booting the $va test VM for: $vm (resuming after case $resume)"
        BUILD="$vb" VM_ARCH="$va" tests/vm/boot.sh --result "$result" --idle "$idle" --timeout 2400 -- \
            env PHASE="$vm" RESUME_AFTER="$resume" VM_ARCH="$va" ONLY="${ONLY:-}" \
            PROGRESS="$progress" TALLY="$tally_f" \
            tests/integration/run.sh --inner
        how=$(cat "$result" 2>/dev/null || echo "vm-error no result")
        vp=0 vf=0 vs=0
        if [ -f "$tally_f" ]; then
            vp=$(sed -n 's/^I_PASSED=//p' "$tally_f")
            vf=$(sed -n 's/^I_FAILED=//p' "$tally_f")
            vs=$(sed -n 's/^I_SKIPPED=//p' "$tally_f")
        fi
        I_PASSED=$((I_PASSED + vp)) I_FAILED=$((I_FAILED + vf))
        I_SKIPPED=$((I_SKIPPED + vs))
        case $how in
        "status 0") break ;;
        "status "*)
            fail "test VM: the case runner" "it ended with $how"
            break
            ;;
        esac
        # Hung, timed out or failed: which case was running?
        if [ ! -f "$progress" ]; then
            fail "test VM: boot" "no case started ($how); see above"
            break
        fi
        n=$(cut -d' ' -f1 "$progress")
        name=$(cut -d' ' -f2- "$progress")
        I_VM_HANGS=$((I_VM_HANGS + 1))
        if [ "$n" = "$retried" ]; then
            echo "integration: case $n ($name) stopped a fresh test VM too ($how): it is ours"
            I_FAILED=$((I_FAILED + 1))
            echo "FAIL $name: the test VM stopped answering during this case, twice"
            resume=$n
        else
            echo "integration: the test VM stopped answering ($how) during case $n: $name"
            echo "integration: booting a fresh VM to run that case again and the rest"
            retried=$n
            resume=$((n - 1))
        fi
    done
}

# aarch64: the same cases, built with make ARCH=aarch64 ($B/aarch64/),
# under arm64 KVM in the arm64 test VM (tests/vm/boot.sh, VM_ARCH), which
# has gpio-sim too. On an x86_64 machine they always run there.
a64=""
if [ "$(uname -m)" != x86_64 ]; then
    : # an arm64 machine runs its own build above
elif scripts/deps.sh aarch64 >"$TMPD/a64.log" 2>&1 &&
    make --no-print-directory ARCH=aarch64 BUILD="$B/aarch64" -j2 \
        >>"$TMPD/a64.log" 2>&1; then
    echo "integration: aarch64 build ready in $B/aarch64"
    a64=yes
else
    fail "aarch64: make ARCH=aarch64" "$(tail -n 5 "$TMPD/a64.log")"
fi

# Each VM runs on one host CPU (single-threaded TCG): with two CPUs or
# more, the arm64 VM runs beside the x86_64 one, its output held back and
# printed after it.
if [ -n "$vm" ] && [ -n "$a64" ] && [ "$(nproc)" -ge 2 ]; then
    (
        I_PASSED=0 I_FAILED=0 I_SKIPPED=0 I_VM_HANGS=0
        vm_phase "kvm gpiosim" "$B/aarch64" aarch64
        printf 'A_P=%s A_F=%s A_S=%s A_H=%s\n' "$I_PASSED" "$I_FAILED" \
            "$I_SKIPPED" "$I_VM_HANGS" >"$TMPD/a64.sum"
    ) >"$TMPD/a64.out" 2>&1 </dev/null &
    a64pid=$!
    echo "integration: the aarch64 test VM runs beside it; its output follows it"
    vm_phase "$vm" "$B" "$(uname -m)"
    wait "$a64pid"
    echo "integration: $(date +%T) the aarch64 run, beside the x86_64 one:"
    cat "$TMPD/a64.out"
    A_P=0 A_F=1 A_S=0 A_H=0
    if [ -f "$TMPD/a64.sum" ]; then
        . "$TMPD/a64.sum"
    else
        echo "FAIL aarch64: the arm64 VM run ended without a summary"
    fi
    I_PASSED=$((I_PASSED + A_P)) I_FAILED=$((I_FAILED + A_F))
    I_SKIPPED=$((I_SKIPPED + A_S)) I_VM_HANGS=$((I_VM_HANGS + A_H))
else
    [ -n "$vm" ] && vm_phase "$vm" "$B" "$(uname -m)"
    [ -n "$a64" ] && vm_phase "kvm gpiosim" "$B/aarch64" aarch64
fi

echo "integration: $(date +%T) $I_PASSED passed, $I_FAILED failed, $I_SKIPPED skipped"
if [ "$I_VM_HANGS" -gt 0 ]; then
    echo "integration: the test VM hung $I_VM_HANGS time(s); each is named above"
fi
if [ $# -ge 1 ]; then
    printf 'I_PASSED=%s\nI_FAILED=%s\nI_SKIPPED=%s\nI_VM_HANGS=%s\n' \
        "$I_PASSED" "$I_FAILED" "$I_SKIPPED" "$I_VM_HANGS" >"$1"
fi
[ "$I_FAILED" -eq 0 ]
