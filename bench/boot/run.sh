#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: the boot benchmark (make bench, or bench/boot/run.sh after
# make bench-build). Tender start to exit for the hello unikernel in
# native mode and Solo5 mode, beside a native Linux hello process, all in
# one run, interleaved; median wall and CPU time and max RSS of RUNS runs.
#
# SOLO5_HVT=PATH adds Solo5's own tender (a solo5-hvt binary built
# elsewhere: Solo5 is not part of this tree) running Solo5's test_hello
# (SOLO5_HELLO, by default tests/test_hello/test_hello.hvt of the Solo5
# build SOLO5_HVT comes from), pinvisor running that same image, and
# the ratios pinvisor / solo5-hvt.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-41}
out="$B/bench/boot.json"
mkdir -p "$B/bench"
set -- native-mode-hello -- "$B/pinvisor" "$B/examples/hello.hvt" Hello --- \
    solo5-mode-hello -- "$B/pinvisor" "$B/tests/guests/hello.solo5.hvt" \
    Hello_Solo5 --- \
    linux-process-hello -- "$B/bench/native_hello" Hello
if [ -n "${SOLO5_HVT:-}" ]; then
    hello=${SOLO5_HELLO:-$(dirname "$SOLO5_HVT")/../../tests/test_hello/test_hello.hvt}
    [ -x "$SOLO5_HVT" ] && [ -f "$hello" ] || {
        echo "bench: boot: SOLO5_HVT=$SOLO5_HVT or its hello $hello is missing" >&2
        exit 1
    }
    set -- "$@" --- solo5-hvt-solo5-hello -- "$SOLO5_HVT" "$hello" Hello_Solo5 \
        --- pinvisor-solo5-hello -- "$B/pinvisor" "$hello" Hello_Solo5
fi
"$B/bench/runtimes" "$RUNS" "$@" >"$out"
echo "boot: $RUNS runs each, interleaved; median (p10-p90) wall, median CPU, max RSS"
awk -F'[:,]' '{
    for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
    gsub(/"/, "", v["name"])
    printf "  %-21s %8.3f ms (%.3f-%.3f)  cpu %7.3f ms  rss %6d KiB\n",
        v["name"], v["wall_ms"], v["wall_p10_ms"], v["wall_p90_ms"],
        v["cpu_ms"], v["maxrss_kib"]
    wall[v["name"]] = v["wall_ms"]; cpu[v["name"]] = v["cpu_ms"]
} END {
    s = "solo5-hvt-solo5-hello"
    if (!(s in wall))
        exit
    n = split("pinvisor-solo5-hello native-mode-hello solo5-mode-hello", p, " ")
    for (i = 1; i <= n; i++)
        printf "  %-21s / solo5-hvt (Solo5 test_hello): wall %.2fx, cpu %.2fx\n",
            p[i], wall[p[i]] / wall[s], cpu[p[i]] / cpu[s]
}' "$out"
echo "  (raw: $out)"
