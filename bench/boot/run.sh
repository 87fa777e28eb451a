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
# Every program and image runs from a copy in one temporary directory,
# so all of them come from the same file system: in the test VM the
# checkout is a 9p share without a page cache, where every start of the
# tender read its 1.4 MiB binary again (about 150 ms per run there),
# while solo5-hvt and its shared libraries come from the cached root.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cp "$B/pinvisor" "$B/bench/native_hello" "$B/examples/hello.hvt" "$d/"
cp "$B/tests/guests/hello.solo5.hvt" "$d/"
set -- native-mode-hello -- "$d/pinvisor" "$d/hello.hvt" Hello --- \
    solo5-mode-hello -- "$d/pinvisor" "$d/hello.solo5.hvt" Hello_Solo5 --- \
    linux-process-hello -- "$d/native_hello" Hello
if [ -n "${SOLO5_HVT:-}" ]; then
    hello=${SOLO5_HELLO:-$(dirname "$SOLO5_HVT")/../../tests/test_hello/test_hello.hvt}
    [ -x "$SOLO5_HVT" ] && [ -f "$hello" ] || {
        echo "bench: boot: SOLO5_HVT=$SOLO5_HVT or its hello $hello is missing" >&2
        exit 1
    }
    cp "$SOLO5_HVT" "$d/solo5-hvt"
    cp "$hello" "$d/test_hello.hvt"
    set -- "$@" --- solo5-hvt-solo5-hello -- "$d/solo5-hvt" "$d/test_hello.hvt" \
        Hello_Solo5 --- pinvisor-solo5-hello -- "$d/pinvisor" \
        "$d/test_hello.hvt" Hello_Solo5
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
