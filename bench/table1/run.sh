#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: the thesis's Table 1, reproduced (make bench, or
# bench/table1/run.sh after make bench-build): the blink application
# turns an LED on and off 10 times; whole tender process, wall and CPU
# time, median of RUNS interleaved runs. The thesis measured 10.27 ms CPU
# and 6.02 s wall for its C-only unikernel on a Raspberry Pi 4 (sysfs
# GPIO, with a 6 s sleep); here the LED is the simulated chip's line 0,
# the blinks go as fast as the guest issues them (period 0), with the
# request ring and without it, in native and Solo5 mode; the same for
# the OCaml blink (examples/ocaml/blink.ml: the thesis's C + OCaml column,
# 24.21 ms CPU), and a Linux process that only prints a line (the floor:
# what any process costs). OCaml's CPU time over C's is given per path
# two ways: the ratio of the medians, and the median of the ratios of
# the runs made side by side in each round (robust when the machine's
# speed drifts, as in the test VM on a shared host). The run's machine
# and date go to $B/bench/table1.where (bench/plots.sh).
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-21}
out="$B/bench/table1.json"
raw="$B/bench/table1.raw"
mkdir -p "$B/bench"
. bench/where.sh
echo "table 1: $(bench_where)"
echo "# where: $(bench_where)" >"$B/bench/table1.where"
"$B/bench/runtimes" -r "$raw" "$RUNS" \
    blink-c-native-ring -- "$B/pinvisor" --gpio:led=sim:0 --gpio-ring=on \
    "$B/examples/blink.hvt" 10 0 --- \
    blink-ocaml-native-ring -- "$B/pinvisor" --gpio:led=sim:0 \
    --gpio-ring=on "$B/examples/blink_ml.hvt" 10 0 --- \
    blink-c-native-hypercalls -- "$B/pinvisor" --gpio:led=sim:0 \
    --gpio-ring=off "$B/examples/blink.hvt" 10 0 --- \
    blink-ocaml-native-hypercalls -- "$B/pinvisor" --gpio:led=sim:0 \
    --gpio-ring=off "$B/examples/blink_ml.hvt" 10 0 --- \
    blink-c-solo5-mode -- "$B/pinvisor" --gpio:led=sim:0 \
    "$B/bench/blink.solo5.hvt" 10 0 --- \
    blink-ocaml-solo5-mode -- "$B/pinvisor" --gpio:led=sim:0 \
    "$B/bench/blink_ml.solo5.hvt" 10 0 --- \
    native-process-floor -- "$B/bench/native_hello" >"$out"
echo "table 1: 10 blinks, $RUNS runs each, interleaved; median wall and CPU"
awk -F'[:,]' '{
    for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
    gsub(/"/, "", v["name"])
    printf "  %-26s wall %8.3f ms  cpu %8.3f ms\n", v["name"], v["wall_ms"],
        v["cpu_ms"]
}' "$out"
# The thesis's comparison: OCaml's CPU time over C's, per path.
awk -F'[:,]' '{
    for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
    gsub(/"/, "", v["name"]); cpu[v["name"]] = v["cpu_ms"]
} END {
    n = split("native-ring native-hypercalls solo5-mode", p, " ")
    for (i = 1; i <= n; i++)
        if (cpu["blink-c-" p[i]] > 0)
            printf "  OCaml/C CPU time, %-18s %.2fx (ratio of medians)\n",
                p[i] ":", cpu["blink-ocaml-" p[i]] / cpu["blink-c-" p[i]]
}' "$out"
awk '{ cpu[$2, $1] = $3; if ($1 + 1 > rounds) rounds = $1 + 1 }
function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
            t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
        }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
    n = split("native-ring native-hypercalls solo5-mode", p, " ")
    for (i = 1; i <= n; i++) {
        m = 0
        for (r = 0; r < rounds; r++) {
            c = cpu["blink-c-" p[i], r]; o = cpu["blink-ocaml-" p[i], r]
            if (c > 0 && o > 0)
                q[++m] = o / c
        }
        if (m)
            printf "  OCaml/C CPU time, %-18s %.2fx (median of %d rounds)\n",
                p[i] ":", median(q, m), m
    }
}' "$raw"
echo "  (raw: $out, per run: $raw)"
