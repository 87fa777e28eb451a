#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: scaling (make bench, or bench/scale/run.sh after make
# bench-build; needs root and gpio-sim: bench/run.sh runs it in the test
# VM). For each count N in COUNTS, N tenders at once (bench/scale/scale.c
# starts them), instance i running bench_toggle.hvt on its
# own line i of one 32-line gpio-sim chip (bench/gpiosim.sh) through the
# request ring, all toggling together for MS ms from a common start
# (LEAD_MS after the launch, LEAD_PER_MS more per instance); then the
# same with N native processes (gpio_native toggle). Per N: start time
# (launch to the program's first line, median and slowest), toggles per
# second per instance (median) and in total, CPU time per instance
# (/proc/PID/stat) and peak RSS (/proc/PID/smaps_rollup; medians;
# bench/scale/spawn.c). Writes
# $B/bench/scale.dat.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
COUNTS=${COUNTS:-1 2 4 8 16 32}
MS=${MS:-2000}
LEAD_MS=${LEAD_MS:-3000}
LEAD_PER_MS=${LEAD_PER_MS:-400}
MEM=${MEM:-4}
work="$B/bench/scale"
mkdir -p "$work"
. bench/gpiosim.sh
. bench/where.sh
gpiosim_up

dat="$B/bench/scale.dat"
echo "# kind n start_p50_ms start_max_ms toggles_per_s_p50 toggles_per_s_total cpu_ms_p50 rss_kib_p50 ($MS ms of toggling; $(date -u +%Y-%m-%d))" >"$dat"
echo "# where: $(bench_where)" >>"$dat"
# Summarises the instances of one run: one line of $dat.
summary() { # KIND N DIR
    awk -v kind="$1" -v n="$2" -v dir="$3" '
    function med(a, k,   i, j, t) {
        for (i = 2; i <= k; i++)
            for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return a[int((k + 1) / 2)]
    }
    $1 == "LAUNCH" { launch = $2 }
    $1 == "INSTANCE" { cpu[++c] = $4; rss[c] = $6 }
    END {
        for (i = 0; i < n; i++) {
            f = dir "/" i ".log"
            while ((getline l < f) > 0) {
                split(l, w, " ")
                if (w[2] == "start_wall") st[i + 1] = (w[3] - launch) / 1e6
                if (w[2] == "toggles") { tg[i + 1] = w[3]; tot += w[3] }
            }
            close(f)
            if (st[i + 1] > smax) smax = st[i + 1]
        }
        printf "%s %d %.1f %.1f %d %d %.1f %d\n", kind, n, med(st, n), smax,
            med(tg, n), tot, med(cpu, c), med(rss, c)
    }' "$3/scale.out" >>"$dat"
}

for n in $COUNTS; do
    lead=$((LEAD_MS + LEAD_PER_MS * n))
    d="$work/pinvisor.$n"
    mkdir -p "$d"
    "$B/bench/spawn" "$n" "$lead" "$d" "$B/pinvisor" --mem="$MEM" \
        --gpio:out=pinvisor-bench:%i:out "$B/bench/bench_toggle.hvt" \
        --solo5:warn %t "$MS" >"$d/scale.out" ||
        { echo "bench: scale: $n tenders failed"; cat "$d/scale.out" "$d"/*.log; exit 1; }
    summary pinvisor "$n" "$d"
    d="$work/native.$n"
    mkdir -p "$d"
    "$B/bench/spawn" "$n" "$lead" "$d" "$B/bench/gpio_native" toggle \
        "$SIM_CHIP" %i %t "$MS" >"$d/scale.out" ||
        { echo "bench: scale: $n native processes failed"; cat "$d/scale.out"; exit 1; }
    summary native "$n" "$d"
done

echo "scale: N at once, each its own gpio-sim line, toggling together for $MS ms; medians per instance"
printf "  %-8s %3s %10s %10s %12s %12s %9s %8s\n" "" N "start ms" "slowest" "toggles/s" "total/s" "CPU ms" "RSS KiB"
grep -v '^#' "$dat" | sort -k1,1r -k2,2n |
    awk '{ printf "  %-8s %3d %10.1f %10.1f %12d %12d %9.1f %8d\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
echo "  (logs: $work/, data: $dat)"
