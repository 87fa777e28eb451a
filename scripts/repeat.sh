#!/bin/sh
# SPDX-License-Identifier: ISC
# repeat.sh: runs one command N times, one after the other, and prints
# each run's wall time and exit status, then the spread: how long runs
# take from one run to the next (docs/testing.md, "Slow runs").
#
#   scripts/repeat.sh N LIMIT CMD [ARGS...]
#
# LIMIT: seconds after which a run is stopped (SIGTERM; its status is
# then the command's). Times come from /proc/uptime (10 ms), so this
# works in the arm64 test VM's busybox too, e.g.
#
#   VM_ARCH=aarch64 tests/vm/boot.sh --idle 0 -- scripts/repeat.sh 60 120 \
#       build/aarch64/pinvisor build/aarch64/tests/ocaml/frametable.hvt \
#       --solo5:quiet alloc
#
# Exit status: 0 when every run ended with status 0, else 1.
set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 N LIMIT CMD [ARGS...]" >&2
    exit 2
fi
n=$1 limit=$2
shift 2
up() { cut -d' ' -f1 /proc/uptime; }
times=$(mktemp)
trap 'rm -f "$times"' EXIT
bad=0 i=0
while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    t0=$(up)
    timeout "$limit" "$@" >/dev/null 2>&1 </dev/null
    st=$?
    t=$(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.2f", b - a }')
    echo "run $i: $t s, status $st"
    echo "$t" >>"$times"
    [ "$st" -eq 0 ] || bad=$((bad + 1))
done
sort -n "$times" | awk -v bad="$bad" '{ t[NR] = $1; if ($1 > 10) over++ }
    END { printf "%d runs: min %.2f s, median %.2f s, max %.2f s; " \
                 "over 10 s: %d; status not 0: %d\n", NR, t[1],
                 t[int((NR + 1) / 2)], t[NR], over, bad }'
[ "$bad" -eq 0 ]
