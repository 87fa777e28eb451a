#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: an I2C register read by pinvisor, by hypercall and by request
# ring, against a native process doing the same read (make bench, or
# bench/i2c/run.sh after make bench-build; needs root and i2c-stub with a
# chip at 0x48, which the test VM loads: bench/run.sh runs it there). The
# stub is SMBus-only (no I2C_RDWR), so the tender's i2c-dev backend and
# the native program (bench/i2c/i2c_native.c) both use I2C_SLAVE and
# I2C_SMBUS (I2C_SMBUS_BYTE_DATA) for each read. RUNS rounds of the
# three, side by side; prints the median mean read time of each and the
# ratios to native, and writes them to $B/bench/i2c.dat.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-5}
ITER=${ITER:-2000}
work="$B/bench/i2c"
mkdir -p "$work"
rm -f "$work"/*.log
. bench/where.sh
bus=
for d in /sys/bus/i2c/devices/i2c-*; do
    [ "$(cat "$d/name" 2>/dev/null)" = "SMBus stub driver" ] && bus=${d##*/i2c-}
done
[ -n "$bus" ] || { echo "bench: i2c: no i2c-stub adapter here" >&2; exit 1; }

for r in $(seq 1 "$RUNS"); do
    for mode in off on; do
        "$B/pinvisor" --i2c:bus="$bus:0x48" --i2c-ring="$mode" \
            "$B/bench/bench_i2c.hvt" --solo5:warn "$ITER" \
            >"$work/$mode.$r.log" 2>&1 ||
            { echo "bench: i2c: pinvisor failed"; cat "$work/$mode.$r.log"; exit 1; }
    done
    "$B/bench/i2c_native" "/dev/i2c-$bus" "$ITER" >"$work/native.$r.log" 2>&1 ||
        { echo "bench: i2c: i2c_native failed"; cat "$work/native.$r.log"; exit 1; }
done

median() { # MODE
    { grep -h '^RESULT i2c_read_mean ' "$work/$1".*.log || true; } |
        awk '{ print $3 }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
n=$(median native) h=$(median off) g=$(median on)
dat="$B/bench/i2c.dat"
{
    echo "# figure native hypercalls ring unit (median of $RUNS rounds; $(date -u +%Y-%m-%d))"
    echo "# where: $(bench_where)"
    echo "i2c_read_mean $n $h $g us"
} >"$dat"
echo "i2c-stub (bus $bus, chip 0x48): median of $RUNS rounds, mean of $ITER register reads each; x: pinvisor / native"
echo "$n $h $g" | awk '
function x(v) { return ($1 > 0) ? sprintf("%s (%.2gx)", v, v / $1) : v }
{ printf "  %-24s %11s %19s %19s\n", "", "native", "hypercalls", "request ring"
  printf "  %-24s %11s %19s %19s  us\n", "register read, mean", $1, x($2), x($3) }'
echo "  (logs: $work/, data: $dat)"
