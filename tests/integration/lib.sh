# lib.sh: helpers for integration tests, sourced by run.sh and by each
# tests/integration/*.test.sh file.
#
# A test case runs one command under a timeout and checks its exit status
# and its output (stdout and stderr together):
#
#   expect NAME STATUS [--out REGEX]... [--not REGEX]... -- CMD [ARGS...]
#
# --out: the output must match the extended regular expression REGEX;
# --not: it must not. Case names should say what is checked. A case that
# cannot run here calls `skip NAME REASON` instead (it is counted as
# skipped, never as passed).
B=${BUILD:-build}
PV=${PV:-"$B/pinvisor"}
G="$B/tests/guests"
TIMEOUT=${TEST_TIMEOUT:-60}
: "${I_PASSED:=0}" "${I_FAILED:=0}" "${I_SKIPPED:=0}"
TMPD=${TMPD:-$(mktemp -d)}

pass() { I_PASSED=$((I_PASSED + 1)); echo "PASS $1"; }
fail() {
    I_FAILED=$((I_FAILED + 1))
    echo "FAIL $1: $2"
}
skip() { I_SKIPPED=$((I_SKIPPED + 1)); echo "SKIP $1: $2"; }

# Last command's output, for cases that check more after `expect`.
LAST_OUT="$TMPD/last.out"

expect() {
    name=$1 want=$2
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
    timeout -k 5 "$TIMEOUT" "$@" >"$LAST_OUT" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$name" "exit status $got, expected $want"
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
    shift
    msg=$("$@" 2>&1)
    case $? in
    0) pass "$name" ;;
    2) skip "$name" "$msg" ;;
    *) fail "$name" "$msg" ;;
    esac
}

# True if /dev/kvm can be used.
have_kvm() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }

# True on PVM hosts, where CPL-0 guests are emulated and cannot use SSE.
is_pvm_host() { [ -d /sys/module/kvm_pvm ]; }
