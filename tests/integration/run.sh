#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: runs the integration cases of tests/integration/*.test.sh, each
# where it can run (kinds in tests/integration/lib.sh): cases that need
# no KVM on this machine; cases that need KVM (and gpio-sim) on this
# machine when they work here (scripts/kvm-works.sh), else inside the
# test VM (tests/vm/boot.sh). On an x86_64 machine the KVM cases run a
# second time with the aarch64 build, in the arm64 test VM. Then writes
# I_PASSED=, I_FAILED=, I_SKIPPED=, I_VM_HANGS= to the file named by $1
# and prints "integration: N passed, N failed, N skipped".
#
#   TEST_VM=auto   (default) the test VM only for what this machine lacks
#   TEST_VM=yes    every KVM case in the test VM, even where KVM works
#                  here (hardware-style virtualization on a PVM machine)
#   TEST_VM=no     never a test VM: cases that need one fail
#   TEST_ARCH="x86_64 aarch64"   the architectures whose KVM cases run
#                  (default: this machine's, and aarch64 on x86_64)
#   KERNELS="6.1 6.12 6.12-16k"  the test VMs' kernels, one lane each
#                  (tests/vm/prepare.sh's VM_KERNEL; 6.12-16k: arm64
#                  only); all: the three; default 6.1
#   ONLY=REGEX     only the cases whose names match
#   FILES="core gpio"   only these files (tests/integration/NAME.test.sh)
#   TEST_TIMEOUT=S each case's limit in whole seconds (lib.sh: 60 here,
#                  VM_CASE_TIMEOUT in the test VMs)
#   VM_IDLE=S      a VM silent this long is hung (2 x the case limit + 60)
#   VM_TIMEOUT=S   a whole VM run's limit (3600)
#
#   run.sh --inner   runs the cases of $PHASE in this shell (what the
#                    test VM runs; lib.sh: PROGRESS, RESULTS, RESUME_AT,
#                    RESUME_PAST)
set -u
cd "$(dirname "$0")/../.."
TMPD=$(mktemp -d)
export TMPD
trap 'rm -rf "$TMPD"' EXIT
. tests/integration/lib.sh

# KVM works where the KVM cases run (in a test VM, this checks the VM).
kvm_works() { scripts/kvm-works.sh --solo5-mode; }

run_files() {
    CASE_KIND=kvm
    check "kvm: KVM works where the KVM cases run ($(uname -m))" kvm_works
    for f in tests/integration/*.test.sh; do
        if [ -n "${FILES:-}" ]; then
            case " $FILES " in *" $(basename "$f" .test.sh) "*) ;; *) continue ;; esac
        fi
        echo "== $(basename "$f") [$PHASE]"
        CASE_KIND=kvm
        . "$f"
    done
}

if [ "${1:-}" = --inner ]; then
    run_files
    if [ -n "$RESUME_AT$RESUME_PAST" ]; then
        fail "resume" "no case named '$RESUME_AT$RESUME_PAST' to resume at"
    fi
    echo "integration [$PHASE]: $I_PASSED passed, $I_FAILED failed, $I_SKIPPED skipped"
    exit 0
fi

# Interrupted: stop everything started here. boot.sh stops its VM on
# TERM (QEMU runs under timeout, in a process group of its own).
interrupted() {
    trap '' INT TERM HUP
    echo "integration: interrupted"
    kill -TERM 0 2>/dev/null
    exit 130
}
trap interrupted INT TERM HUP

# True if gpio-sim chips can be made here (configfs, the gpio-sim module).
have_gpiosim() {
    [ "$(id -u)" -eq 0 ] || return 1
    modprobe gpio-sim 2>/dev/null
    [ -d /sys/kernel/config/gpio-sim ]
}

host=$(uname -m)
KERNELS=${KERNELS:-6.1}
[ "$KERNELS" = all ] && KERNELS="6.1 6.12 6.12-16k"
for k in $KERNELS; do
    case $k in
    6.1 | 6.12 | 6.12-16k) ;;
    *)
        echo "integration: KERNELS: unknown kernel '$k' (6.1, 6.12, 6.12-16k or all)"
        exit 2
        ;;
    esac
done
arches=${TEST_ARCH:-$host}
[ -z "${TEST_ARCH:-}" ] && [ "$host" = x86_64 ] && arches="x86_64 aarch64"
want_arch() { case " $arches " in *" $1 "*) return 0 ;; esac; return 1; }

here="nokvm" vm=""
I_VM_HANGS=0
if want_arch "$host"; then
    case ${TEST_VM:-auto} in
    yes) vm="kvm gpiosim" ;;
    no | auto)
        if probe=$(kvm_works); then
            here="$here kvm"
            if have_gpiosim; then here="$here gpiosim"; else vm="gpiosim"; fi
        else
            echo "integration: $probe"
            vm="kvm gpiosim"
        fi
        ;;
    *)
        echo "integration: TEST_VM must be auto, yes or no, not '$TEST_VM'"
        exit 2
        ;;
    esac
fi

PHASE=$here
echo "integration: $(date +%T) on this machine: $here${vm:+; in the test VM: $vm}"
run_files

# vm_phase KINDS BUILD VM_ARCH KERNEL: runs the cases of KINDS in the test
# VM of VM_ARCH booting KERNEL (VM_KERNEL), with the build in BUILD, one
# boot for all of them, and prints the lane's count. If the VM
# stops answering (a frozen VM prints nothing: every case has its own
# timeout inside), the case that was running is named, and a fresh VM
# runs it again, from the expect that began its chain, and the rest. A
# case that stops a fresh VM too is ours: it fails, and the next VM goes
# on after it. Results are kept by case name, the last one counting.
vm_phase() {
    kinds=$1 vb=$2 va=$3 vk=$4
    lane_p=$I_PASSED lane_f=$I_FAILED lane_s=$I_SKIPPED
    if [ "${TEST_VM:-auto}" = no ]; then
        fail "test VM ($va): the cases needing $kinds" \
            "they need the test VM here, and TEST_VM=no"
        return
    fi
    mkdir -p "$vb/vm"
    sfx=""
    [ "$vk" = 6.1 ] || sfx="-$vk"
    progress="$vb/vm/progress$sfx" results="$vb/vm/results$sfx"
    result="$vb/vm/result$sfx" beat="$vb/vm/heartbeat$sfx"
    : >"$results"
    at="" past="" retried="" boots=0
    # Each case's own limit inside (lib.sh; boot.sh passes TEST_TIMEOUT).
    vt=${TEST_TIMEOUT:-$VM_CASE_TIMEOUT}
    idle=${VM_IDLE:-$((vt * 2 + 60))}
    while :; do
        boots=$((boots + 1))
        rm -f "$progress" "$result" "$beat"
        echo "integration: $(date +%T) booting the $va test VM (kernel $vk) for: $kinds${at:+; resuming at: $at}${past:+; resuming after: $past}"
        BUILD="$vb" VM_ARCH="$va" VM_KERNEL="$vk" tests/vm/boot.sh \
            --result "$result" --idle "$idle" --alive "$beat" \
            --timeout "${VM_TIMEOUT:-3600}" -- \
            env PHASE="$kinds" RESUME_AT="$at" RESUME_PAST="$past" \
            VM_ARCH="$va" VM_KERNEL="$vk" ONLY="${ONLY:-}" FILES="${FILES:-}" \
            PROGRESS="$progress" \
            VM_TEST_HANG="${VM_TEST_HANG:-}" \
            VM_TEST_HANG_TIMES="${VM_TEST_HANG_TIMES:-1}" \
            RESULTS="$results" HEARTBEAT="$beat" \
            tests/integration/run.sh --inner
        how=$(cat "$result" 2>/dev/null || echo "vm-error no result")
        case $how in
        "status 0") break ;;
        "status "*)
            fail "test VM ($va): the case runner" "it ended with $how"
            break
            ;;
        esac
        if [ ! -s "$progress" ]; then
            fail "test VM ($va): boot" "no case started ($how); see above"
            break
        fi
        name=$(cut -f1 "$progress")
        head=$(cut -f2 "$progress")
        if [ "$how" = timeout ]; then
            fail "test VM ($va)" "it ran past its ${VM_TIMEOUT:-3600} s limit (VM_TIMEOUT) during case: $name; the cases after it did not run"
            break
        fi
        I_VM_HANGS=$((I_VM_HANGS + 1))
        if [ "$name" = "$retried" ]; then
            echo "integration: case '$name' stopped a fresh $va test VM too ($how): the hang is ours"
            printf 'F\t%s\n' "$name" >>"$results"
            echo "FAIL $name: the test VM stopped answering during this case, twice"
            at="" past=$name
        else
            echo "integration: the $va test VM stopped answering ($how) during case: $name"
            echo "integration: booting a fresh VM to run it again (from '$head', which began its chain) and the rest"
            retried=$name at=$head past=""
        fi
        if [ "$boots" -ge 4 ]; then
            fail "test VM ($va)" "it stopped answering $boots times; its remaining cases did not run"
            break
        fi
    done
    # Each case counts once, by its last result.
    counts=$(awk -F'\t' 'NF == 2 { r[$2] = $1 }
        END { for (n in r) c[r[n]]++
              printf "%d %d %d\n", c["P"], c["F"], c["S"] }' "$results")
    set -- $counts
    I_PASSED=$((I_PASSED + ${1:-0})) I_FAILED=$((I_FAILED + ${2:-0}))
    I_SKIPPED=$((I_SKIPPED + ${3:-0}))
    echo "integration: lane $va, kernel $vk: $((I_PASSED - lane_p)) passed, $((I_FAILED - lane_f)) failed, $((I_SKIPPED - lane_s)) skipped"
}

# aarch64 on an x86_64 machine: the same cases, built with make
# ARCH=aarch64 ($B/aarch64/), under arm64 KVM in the arm64 test VM. Its
# packages are installed here, before any VM runs (the VMs see this
# machine's file system); its build and VM preparation run beside the
# x86_64 lanes when there are two CPUs or more (a64_prepare).
a64=""
if [ "$host" = x86_64 ] && want_arch aarch64; then
    if scripts/deps.sh aarch64 >"$TMPD/a64.log" 2>&1; then
        a64=yes
    else
        fail "aarch64: scripts/deps.sh aarch64" "$(tail -n 5 "$TMPD/a64.log")"
    fi
fi

# The x86_64 VMs, made one after the other (apt and linux-source are
# shared) before any boots; xk: the kernels the x86_64 lanes boot.
xk=""
if [ "${TEST_VM:-auto}" != no ]; then
    for k in $KERNELS; do
        if [ -n "$vm" ] && [ "$k" != 6.12-16k ]; then
            if VM_KERNEL=$k tests/vm/prepare.sh >"$TMPD/prep.log" 2>&1; then
                xk="$xk $k"
            else
                fail "test VM ($host, $k): prepare" "$(tail -n 3 "$TMPD/prep.log")"
            fi
        fi
    done
    [ -n "$xk" ] || vm=""
else
    for k in $KERNELS; do [ "$k" = 6.12-16k ] || xk="$xk $k"; done
fi

# a64_prepare: the aarch64 build, then its VMs; sets ak, the kernels the
# arm64 lanes boot (none if the build failed).
a64_prepare() {
    ak=""
    if ! make --no-print-directory ARCH=aarch64 BUILD="$B/aarch64" -j2 \
        all "$B/aarch64/tests/tools/kvm-probe" >>"$TMPD/a64.log" 2>&1; then
        fail "aarch64: make ARCH=aarch64" "$(tail -n 5 "$TMPD/a64.log")"
        return
    fi
    echo "integration: $(date +%T) aarch64 build ready in $B/aarch64"
    if [ "${TEST_VM:-auto}" = no ]; then
        ak=$KERNELS
        return
    fi
    for k in $KERNELS; do
        if VM_ARCH=aarch64 VM_KERNEL=$k BUILD="$B/aarch64" \
            tests/vm/prepare.sh >"$TMPD/prep64.log" 2>&1; then
            ak="$ak $k"
        else
            fail "test VM (aarch64, $k): prepare" "$(tail -n 3 "$TMPD/prep64.log")"
        fi
    done
}
x_lanes() { for k in $xk; do vm_phase "$vm" "$B" "$host" "$k"; done; }
a_lanes() { for k in $ak; do vm_phase "kvm gpiosim" "$B/aarch64" aarch64 "$k"; done; }

# Each VM runs on one host CPU (single-threaded TCG): with two CPUs or
# more, the aarch64 build, its VMs and its lanes run beside the x86_64
# lanes, their output held back and printed after them.
if [ -n "$vm" ] && [ -n "$a64" ] && [ "$(nproc)" -ge 2 ]; then
    (
        I_PASSED=0 I_FAILED=0 I_SKIPPED=0 I_VM_HANGS=0
        a64_prepare
        a_lanes
        printf 'A_P=%s A_F=%s A_S=%s A_H=%s\n' "$I_PASSED" "$I_FAILED" \
            "$I_SKIPPED" "$I_VM_HANGS" >"$TMPD/a64.sum"
    ) >"$TMPD/a64.out" 2>&1 </dev/null &
    a64pid=$!
    echo "integration: the aarch64 build and test VM run beside it; their output follows"
    x_lanes
    wait "$a64pid"
    echo "integration: $(date +%T) the aarch64 run, beside the $host one:"
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
    [ -n "$vm" ] && x_lanes
    if [ -n "$a64" ]; then
        a64_prepare
        a_lanes
    fi
fi

echo "integration: $(date +%T) $I_PASSED passed, $I_FAILED failed, $I_SKIPPED skipped"
if [ "$I_VM_HANGS" -gt 0 ]; then
    echo "integration: a test VM stopped answering $I_VM_HANGS time(s); each is named above"
fi
if [ $# -ge 1 ]; then
    printf 'I_PASSED=%s\nI_FAILED=%s\nI_SKIPPED=%s\nI_VM_HANGS=%s\n' \
        "$I_PASSED" "$I_FAILED" "$I_SKIPPED" "$I_VM_HANGS" >"$1"
fi
[ "$I_FAILED" -eq 0 ]
