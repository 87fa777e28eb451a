#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: the boot benchmark (make bench, or bench/boot/run.sh after
# make bench-build). Tender start to exit for the hello unikernel in
# native mode and Solo5 mode, beside a native Linux hello process, all in
# one run, interleaved; median wall and CPU time and max RSS of RUNS runs.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-41}
out="$B/bench/boot.json"
mkdir -p "$B/bench"
"$B/bench/runtimes" "$RUNS" \
    native-mode-hello -- "$B/pinvisor" "$B/examples/hello.hvt" Hello --- \
    solo5-mode-hello -- "$B/pinvisor" "$B/tests/guests/hello.solo5.hvt" \
    Hello_Solo5 --- \
    linux-process-hello -- "$B/bench/native_hello" Hello >"$out"
echo "boot: $RUNS runs each, interleaved; median (p10-p90) wall, median CPU, max RSS"
awk -F'[:,]' '{
    for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
    gsub(/"/, "", v["name"])
    printf "  %-20s %8.3f ms (%.3f-%.3f)  cpu %7.3f ms  rss %6d KiB\n",
        v["name"], v["wall_ms"], v["wall_p10_ms"], v["wall_p90_ms"],
        v["cpu_ms"], v["maxrss_kib"]
}' "$out"
echo "  (raw: $out)"
