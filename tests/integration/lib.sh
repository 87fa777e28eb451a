# SPDX-License-Identifier: ISC
# lib.sh: helpers for integration tests, sourced by run.sh and by each
# tests/integration/*.test.sh file.
#
# A test case runs one command under a timeout and checks its exit status
# and its output (stdout and stderr together):
#
#   expect NAME STATUS [--out REGEX]... [--not REGEX]... -- CMD [ARGS...]
#   check NAME FUNCTION [ARGS...]      (0 pass, 1 fail, 2 skip)
#   case_fail NAME WHY, case_skip NAME WHY    (a case decided up front)
#
# --out: the output must match the extended regular expression REGEX;
# --not: it must not. Case names should say what is checked. A case that
# cannot run here is counted as skipped (never as passed), case by case.
#
# What a case needs decides where it runs (tests/integration/run.sh):
#
#   expect ...            needs KVM: on this machine when KVM works here,
#                         else inside the test VM (tests/vm/)
#   nokvm expect ...      needs no KVM (command line, file checks, elftool):
#                         always on this machine
#   gpiosim expect ...    needs KVM and the kernel's gpio-sim: here when
#                         both work here, else inside the test VM
#
# PHASE lists the kinds this run executes ("nokvm kvm gpiosim" by default);
# a case of another kind is passed over silently (another run counts it),
# and so is a case whose name does not match the extended regular
# expression $ONLY, when set (ONLY='cdev uapi' tests/integration/run.sh).
#
# For the test VM (tests/integration/run.sh): before each case its name,
# and the name of the `expect` that began its chain, go to $PROGRESS;
# after each, its result ("P", "F" or "S", a tab, its name) is appended
# to $RESULTS. A fresh VM that resumes after a hang passes over every
# case before the one named $RESUME_AT, or up to and including the one
# named $RESUME_PAST, and appends to the same results: a case run twice
# counts once, by its last result. So case names must be unique in a run.
B=${BUILD:-build}
PV=${PV:-"$B/pinvisor"}
G="$B/tests/guests"
# Each case's limit, in whole seconds: TEST_TIMEOUT, else 60 here and
# VM_CASE_TIMEOUT inside the test VMs, where guest code runs 30-100x
# slower than on hardware and some runs far slower still
# (docs/testing.md, "Slow runs").
VM_CASE_TIMEOUT=180
if [ -n "${PINVISOR_IN_VM:-}" ]; then
    TIMEOUT=${TEST_TIMEOUT:-$VM_CASE_TIMEOUT}
else
    TIMEOUT=${TEST_TIMEOUT:-60}
fi
# The architecture of the tender and guests under test (x86_64, aarch64):
# where fault reports differ, the cases expect this architecture's.
ARCH=$(uname -m)

# Fault reports name the architecture's exception: a page fault on
# x86_64, a data abort (translation or permission fault) on aarch64. The
# status (255) and the faulting address are the same.
if [ "$ARCH" = aarch64 ]; then
    FAULT_UNMAPPED='^pinvisor: guest fault: data abort, translation fault '
    FAULT_RO='^pinvisor: guest fault: data abort, permission fault at level 3 '
    TRAP_FRAME='^pinvisor: guest trap frame: elr=0x1234567 spsr=0x3c5 '
    TRAP_FRAME="${TRAP_FRAME}sp=0x7ffff0 esr=0x96000046 far=0xc2c2c2c2$"
    FPU="FP/SIMD (NEON)"
else
    FAULT_UNMAPPED='^pinvisor: guest fault: page fault \(#PF\) \(vector 14, '
    FAULT_RO="${FAULT_UNMAPPED}error 0x7\\) "
    TRAP_FRAME='^pinvisor: guest trap frame: rip=0x1234567 cs=0x8 '
    TRAP_FRAME="${TRAP_FRAME}rflags=0x10246 rsp=0x7ffff0 ss=0x10 error=0x1e "
    TRAP_FRAME="${TRAP_FRAME}cr2=0xc2c2c2c2$"
    FPU=SSE
fi
: "${I_PASSED:=0}" "${I_FAILED:=0}" "${I_SKIPPED:=0}"
: "${PHASE:=nokvm kvm gpiosim}" "${RESUME_AT:=}" "${RESUME_PAST:=}"
CASE_KIND=kvm CASE_NAMES="|" CHAIN_HEAD=""
TMPD=${TMPD:-$(mktemp -d)}

# Runs CMD (a case, or a function that runs cases) as cases of KIND.
case_kind() {
    ck_old=$CASE_KIND
    CASE_KIND=$1
    shift
    "$@"
    ck_rc=$?
    CASE_KIND=$ck_old
    return $ck_rc
}
nokvm() { case_kind nokvm "$@"; }
withkvm() { case_kind kvm "$@"; }
gpiosim() { case_kind gpiosim "$@"; }

# True if this run executes cases of KIND.
phase_has() {
    case " $PHASE " in *" $1 "*) return 0 ;; esac
    return 1
}

# Called first by every case: true if the case NAME runs now. A case that
# does not returns 0 from its helper (see expect), so that chains such as
# `expect ... && check ...` go on to their next case in every run.
case_begin() {
    # A run that passes over many cases is silent but alive (boot.sh).
    [ -n "${HEARTBEAT:-}" ] && printf . >>"$HEARTBEAT"
    phase_has "$CASE_KIND" || return 1
    if [ -n "${ONLY:-}" ]; then
        printf '%s\n' "$1" | grep -Eq -- "$ONLY" || return 1
    fi
    if [ -n "$RESUME_AT" ]; then
        [ "$1" = "$RESUME_AT" ] || return 1
        RESUME_AT=""
    elif [ -n "$RESUME_PAST" ]; then
        [ "$1" = "$RESUME_PAST" ] && RESUME_PAST=""
        return 1
    fi
    case $CASE_NAMES in
    *"|$1|"*)
        fail "$1" "another case has this name: case names must be unique"
        return 1
        ;;
    esac
    CASE_NAMES="$CASE_NAMES$1|"
    [ -n "${PROGRESS:-}" ] &&
        printf '%s\t%s\n' "$1" "${CHAIN_HEAD:-$1}" >"$PROGRESS"
    # For the runner's own test (runner.test.sh): the case named
    # $VM_TEST_HANG goes silent, as in a frozen VM, the first
    # $VM_TEST_HANG_TIMES times (marks in $B/vm/hang-injected).
    if [ "${VM_TEST_HANG:-}" = "$1" ]; then
        n=$(cat "$B/vm/hang-injected" 2>/dev/null || echo 0)
        if [ "$n" -lt "${VM_TEST_HANG_TIMES:-1}" ]; then
            echo $((n + 1)) >"$B/vm/hang-injected"
            sleep 100000
        fi
    fi
    return 0
}

# Appends RESULT (P, F or S) for case NAME to $RESULTS.
record() {
    [ -n "${RESULTS:-}" ] && printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"
    return 0
}

pass() {
    I_PASSED=$((I_PASSED + 1))
    echo "PASS $1"
    record P "$1"
}
fail() {
    I_FAILED=$((I_FAILED + 1))
    echo "FAIL $1: $2"
    record F "$1"
}
skip() {
    I_SKIPPED=$((I_SKIPPED + 1))
    echo "SKIP $1: $2"
    record S "$1"
}
case_fail() { case_begin "$1" && fail "$1" "$2"; return 0; }
case_skip() { case_begin "$1" && skip "$1" "$2"; return 0; }

# Last command's output, for cases that check more after `expect`.
LAST_OUT="$TMPD/last.out"

expect() {
    name=$1 want=$2
    CHAIN_HEAD=$name
    case_begin "$name" || return 0
    shift 2
    outs="" nots=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        case $1 in
        --out) outs="$outs
$2" ;;
        --not) nots="$nots
$2" ;;
        *) fail "$name" "bad expect option $1"; return ;;
        esac
        shift 2
    done
    shift
    t0=$(date +%s)
    timeout -k 5 "$TIMEOUT" "$@" >"$LAST_OUT" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then
        # busybox's timeout (the arm64 VM) returns the command's status.
        if [ $(($(date +%s) - t0)) -ge "$TIMEOUT" ]; then
            fail "$name" "timed out after $TIMEOUT s (exit status $got, expected $want)"
        else
            fail "$name" "exit status $got, expected $want"
        fi
        sed 's/^/    | /' "$LAST_OUT" | tail -n 15
        return 1
    fi
    old_ifs=$IFS
    IFS='
'
    for re in $outs; do
        if ! grep -Eq -- "$re" "$LAST_OUT"; then
            IFS=$old_ifs
            fail "$name" "output does not match /$re/"
            sed 's/^/    | /' "$LAST_OUT" | tail -n 15
            return 1
        fi
    done
    for re in $nots; do
        if grep -Eq -- "$re" "$LAST_OUT"; then
            IFS=$old_ifs
            fail "$name" "output matches /$re/, it must not"
            sed 's/^/    | /' "$LAST_OUT" | tail -n 15
            return 1
        fi
    done
    IFS=$old_ifs
    pass "$name"
}

# Runs a check function NAME; it returns 0 for pass, 1 for fail (after
# printing why on stdout), 2 for skip (after printing the reason).
check() {
    name=$1
    case_begin "$name" || return 0
    shift
    msg=$("$@" 2>&1)
    case $? in
    0) pass "$name" ;;
    2) skip "$name" "$msg" ;;
    *) fail "$name" "$msg" ;;
    esac
}

# FILE REGEX [PID]: waits (up to $TIMEOUT s, or until process PID has
# ended) until a line of FILE matches REGEX; false if none did. For a
# guest's "I am running" line.
wait_for_line() {
    wfl_end=$(($(date +%s) + TIMEOUT))
    until grep -Eq -- "$2" "$1" 2>/dev/null; do
        [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || return 1
        [ "$(date +%s)" -lt "$wfl_end" ] || return 1
        sleep 0.1
    done
}

# FILE MS: the stimulus FILE (docs/gpio.md) with every time MS
# milliseconds later, in nanoseconds: under emulation a guest may not
# have configured its lines by an example's first change.
stimulus_later() {
    awk -v ms="$2" '
        /^[[:space:]]*(#|$)/ { print; next }
        {
            t = $1; u = t; sub(/^[0-9.]+/, "", u); n = substr(t, 1, length(t) - length(u))
            f = (u == "s") ? 1e9 : (u == "ms") ? 1e6 : (u == "us") ? 1e3 : 1
            $1 = sprintf("%.0fns", n * f + ms * 1e6)
            print
        }' "$1"
}


# gpio-sim chips: gpiosim_chip, gpiosim_live, gpiosim_remove.
. tests/gpiosim.sh

# Reading a gpio-sim line while the tender still holds it. gpio-sim
# returns a released line to its pull, so sysfs after the tender has
# ended cannot tell a safe exit from a death. These run the tender under
# strace (-D: it stays this shell's child, with its own status, and
# signals reach it as before) and hold the first close of a GPIO line
# request fd (anon_inode:gpio-line) at its entry: the exit path's
# first release, once every device has been made safe. No option of
# the tender's is involved.
#
#   gpiosim_held_start CMD...   starts CMD so in the background; GH_PID
#   gpiosim_held_wait           waits until it is held there (false, with
#                               a line saying which, if it ended (a
#                               zombie too) or $TIMEOUT s passed first)
#   gpiosim_held_still          true if it is held there now (after a
#                               read: the read was made while held)
#   gpiosim_held_release        lets it go on (ends the tracer)
#
# CMD may be `sh -c '...; exec "$@"' sh PV ...`: the limits set there
# reach the tender only (with -D the tracer runs apart, forked off
# before CMD starts). The close's system call number:
if [ "$ARCH" = aarch64 ]; then GH_CLOSE=57; else GH_CLOSE=3; fi
gpiosim_held_start() {
    gh_log="$TMPD/gpiosim_held.strace"
    # -I1: the tracer detaches (the close goes on) when sent SIGTERM.
    strace -D -I1 -f -qq -o "$gh_log" -e trace=close \
        -P anon_inode:gpio-line -e inject=close:delay_enter="${TIMEOUT}s" \
        -- "$@" &
    GH_PID=$!
}
gpiosim_held_wait() {
    gh_end=$(($(date +%s) + TIMEOUT))
    # a zombie (dead, not yet reaped) has ended too: kill -0 would wait
    while grep -q '^State:[[:space:]]*[^Z]' "/proc/$GH_PID/status" \
        2>/dev/null; do
        gpiosim_held_still && return 0
        [ "$(date +%s)" -lt "$gh_end" ] || {
            echo "the tender did not release a GPIO line request in a close within $TIMEOUT s"
            return 1
        }
        sleep 0.05
    done
    echo "the tender ended without releasing a GPIO line request in a close"
    return 1
}
gpiosim_held_still() {
    for gh_t in /proc/"$GH_PID"/task/*; do
        # shellcheck disable=SC2046 # "NR ARG0 ...", or "running"
        set -- $(cat "$gh_t/syscall" 2>/dev/null)
        [ "${1:-}" = "$GH_CLOSE" ] && [ "$(readlink \
            "/proc/$GH_PID/fd/$(($2))" 2>/dev/null)" = \
            anon_inode:gpio-line ] && return 0
    done
    return 1
}
gpiosim_held_release() {
    gh_tracer=$(sed -n 's/^TracerPid:[[:space:]]*//p' \
        "/proc/$GH_PID/status" 2>/dev/null)
    [ "${gh_tracer:-0}" = 0 ] || kill -TERM "$gh_tracer" 2>/dev/null
    return 0
}

# The last command wrote exactly one line (its error message).
one_line() {
    n=$(wc -l <"$LAST_OUT")
    [ "$n" -eq 1 ] || {
        echo "$n lines of output:"
        cat "$LAST_OUT"
        return 1
    }
}

# expect_one_line NAME STATUS ...: `expect NAME STATUS ...`, then, if it
# passed, the case "NAME: one line": its output was exactly one line.
expect_one_line() {
    eol_name=$1
    expect "$@" && check "$eol_name: one line" one_line
}

# The gdb that the gdb and dumpcore cases drive: Debian's, or in the arm64
# VM Debian's arm64 gdb that tests/vm/gdb-arm64.sh unpacks; TEST_GDB
# names another (gdb.test.sh's own check of a missing gdb).
if [ -n "${TEST_GDB:-}" ]; then
    GDB=$TEST_GDB
elif [ "$ARCH" = aarch64 ]; then
    GDB=$B/vm/gdb-arm64/gdb
else
    GDB=gdb
fi

# First in every case that needs gdb: a gdb missing here fails the case
# (never a skip), with a line saying how to get it.
need_gdb() {
    command -v "$GDB" >/dev/null && return 0
    echo "no gdb here: $GDB (scripts/deps.sh; in the arm64 VM tests/vm/gdb-arm64.sh)"
    return 1
}

# True on PVM hosts, where CPL-0 guests are emulated and cannot use SSE.
is_pvm_host() { [ -d /sys/module/kvm_pvm ]; }
