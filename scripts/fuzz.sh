#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz.sh: runs the libFuzzer targets of fuzz/ (built by make fuzz-build
# into $BUILD/fuzz; docs/security.md says what each one covers).
#
#   scripts/fuzz.sh short SECONDS TARGET
#       TARGET on its seed corpus (fuzz/corpus/TARGET, left unchanged)
#       for SECONDS; make test runs this (tests/hardening.sh).
#   scripts/fuzz.sh long [RUNS] [TARGET...]
#       each TARGET (default: all) for RUNS executions (default 10000000),
#       one after the other, growing the corpus kept in
#       $BUILD/fuzz/corpus/TARGET; prints executions and findings.
#
# Exit status 0 when no target found anything. A finding is left in
# $BUILD/fuzz/TARGET-crash-* (or -leak-, -timeout-, -oom-).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
F="$B/fuzz"
ALL="elf options stimulus validate ring json i2c_sim uart_sim gdb"

flags() { # TARGET
    echo "-close_fd_mask=3 -timeout=10 -rss_limit_mb=2048" \
        "-artifact_prefix=$F/$1-"
    [ -f "fuzz/$1.dict" ] && echo "-dict=fuzz/$1.dict"
}

mode=${1:-}
case $mode in
short)
    secs=$2 t=$3
    work=$(mktemp -d)
    # shellcheck disable=SC2046 # flags are words
    "$F/fuzz_$t" $(flags "$t") -max_total_time="$secs" \
        -print_final_stats=1 "$work" "fuzz/corpus/$t" >"$work.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
    if [ "$rc" -ne 0 ]; then
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' \
            "$work.log" | head -n 12
    else
        echo "fuzz_$t: ${runs:-?} executions in ${secs} s, no finding"
    fi
    rm -rf "$work" "$work.log"
    exit "$rc"
    ;;
long)
    shift
    runs=10000000
    case ${1:-} in [0-9]*) runs=$1; shift ;; esac
    [ $# -eq 0 ] && set -- $ALL
    status=0
    for t in "$@"; do
        mkdir -p "$F/corpus/$t"
        cp -n "fuzz/corpus/$t"/* "$F/corpus/$t/" 2>/dev/null
        start=$(date +%s)
        # shellcheck disable=SC2046
        "$F/fuzz_$t" $(flags "$t") -runs="$runs" -print_final_stats=1 \
            "$F/corpus/$t" >"$F/$t.log" 2>&1
        rc=$?
        secs=$(($(date +%s) - start))
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$F/$t.log")
        n=$(ls "$F/corpus/$t" | wc -l)
        found=$(ls "$F/$t"-crash-* "$F/$t"-leak-* "$F/$t"-timeout-* \
            "$F/$t"-oom-* 2>/dev/null | wc -l)
        echo "fuzz_$t: $execs executions in $secs s, corpus $n inputs," \
            "exit status $rc, $found findings"
        [ "$rc" -eq 0 ] || status=1
    done
    exit $status
    ;;
*)
    echo "usage: $0 short SECONDS TARGET | long [RUNS] [TARGET...]" >&2
    exit 2
    ;;
esac
