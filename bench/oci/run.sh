#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: the OCI runtime benchmark (make bench, or bench/oci/run.sh
# after make bench-build; as root, with podman). podman run to exit of a
# FROM scratch image holding the hello unikernel with pinvisor-oci,
# beside crun running a FROM scratch image holding a static Linux hello
# process (bench/boot/native_hello.c), interleaved in one run: median
# wall time of RUNS runs each, and the ratio. Then the time podman takes
# to start 20 blink containers one after the other (podman run -d, each
# on its own line of the tender's simulated chip), and to stop them.
# Both images run with --network none; podman's storage lives in a
# temporary folder (vfs, cgroupfs), as in tests/integration/oci.test.sh.
set -eu
command -v podman >/dev/null && command -v crun >/dev/null || {
    echo "bench: oci: needs podman and crun (scripts/deps.sh bench)" >&2
    exit 1
}
cd "$(dirname "$0")/../.."
B=${BUILD:-build} RUNS=${RUNS:-11}
out="$B/bench/oci.json"
mkdir -p "$B/bench"
# The test VM mounts no cgroup file system; podman needs cgroup2 there.
if [ -n "${PINVISOR_IN_VM:-}" ] && [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
    mount -t cgroup2 none /sys/fs/cgroup
fi
d=$(mktemp -d)
P="$(command -v podman) --root $d/storage --runroot $d/run --storage-driver vfs --cgroup-manager cgroupfs"
cleanup() {
    $P rm -f -a >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT
# Programs from one copy on one file system (see bench/boot/run.sh).
mkdir -p "$d/bin" "$d/hvt" "$d/linux"
cp "$B/pinvisor" "$B/pinvisor-oci" "$d/bin/"
cp "$B/examples/hello.hvt" "$B/examples/blink.hvt" "$d/hvt/"
cp "$B/bench/native_hello" "$d/linux/"
image() { # NAME DIR FILE: an image FROM scratch running /FILE Hello
    printf '%s\n' 'FROM scratch' "COPY $3 /$3" "ENTRYPOINT [\"/$3\"]" \
        'CMD ["Hello"]' >"$2/Containerfile"
    $P build -q -t "$1" "$2" >/dev/null
}
image bench/hello-hvt "$d/hvt" hello.hvt
image bench/blink-hvt "$d/hvt" blink.hvt
image bench/hello-linux "$d/linux" native_hello

"$B/bench/runtimes" "$RUNS" \
    podman-pinvisor-oci-hello -- $P --runtime="$d/bin/pinvisor-oci" run --rm \
    --network none bench/hello-hvt --- \
    podman-crun-linux-hello -- $P --runtime=/usr/bin/crun run --rm \
    --network none bench/hello-linux >"$out"
echo "oci: podman run to exit, $RUNS runs each, interleaved; median (p10-p90) wall"
awk -F'[:,]' '{
    for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
    gsub(/"/, "", v["name"])
    printf "  %-26s %9.1f ms (%.1f-%.1f)\n", v["name"], v["wall_ms"],
        v["wall_p10_ms"], v["wall_p90_ms"]
    wall[v["name"]] = v["wall_ms"]
} END {
    printf "  pinvisor-oci / crun: %.2fx (goal: at most 1.5x)\n",
        wall["podman-pinvisor-oci-hello"] / wall["podman-crun-linux-hello"]
}' "$out"
echo "  (raw: $out)"

# 20 blink containers, one 600 s blink each, started one after the other.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(now_ms)
for n in $(seq 0 19); do
    $P --runtime="$d/bin/pinvisor-oci" run -d --network none --name "blink$n" \
        --annotation "org.pinvisor.gpio.led=sim:$n" bench/blink-hvt 1 600000 >/dev/null
done
t1=$(now_ms)
running=$($P ps -q --filter status=running | wc -l)
$P --runtime="$d/bin/pinvisor-oci" stop -a -t 30 >/dev/null
t2=$(now_ms)
echo "oci: 20 blink containers: started one after the other in $((t1 - t0)) ms ($(((t1 - t0) / 20)) ms each), $running running; all stopped in $((t2 - t1)) ms"
