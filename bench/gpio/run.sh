#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: the GPIO benchmark (make bench, or bench/gpio/run.sh after make
# bench-build). Runs bench_gpio.hvt on the sim backend with the request
# ring off (every call a hypercall) and on, alternating, RUNS times each,
# and prints the median of each figure over the runs, side by side.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-5}
ITER=${ITER:-2000}
EVENTS=${EVENTS:-200}
work="$B/bench/gpio"
mkdir -p "$work"

# Input edges every 5 ms from EVENTS_AT_MS on (default 2 s; after the
# other measurements, which take longer in the test VM: bench/run.sh).
stim="$work/stimulus.txt"
awk -v n="$EVENTS" -v at="${EVENTS_AT_MS:-2000}" 'BEGIN {
    for (i = 0; i < n; i++) printf "%dms in.0 %d\n", at + 5 * i, (i + 1) % 2
}' >"$stim"

run_one() { # MODE RUN
    log="$work/$1.$2.log"
    "$B/pinvisor" --gpio:out=sim:0,1,2,3:out --gpio:in=sim:8:in \
        --gpio-stimulus="$stim" --gpio-ring="$1" --gpio-stats \
        "$B/bench/bench_gpio.hvt" --solo5:warn "$ITER" "$EVENTS" >"$log" 2>&1 ||
        { echo "bench_gpio failed ($1):"; cat "$log"; exit 1; }
    # Tender statistics as RESULT lines too.
    sed -n 's/.*lateness p50 \([0-9.]*\) us, p99 \([0-9.]*\) us.*/RESULT step_lateness_p50 \1 us\nRESULT step_lateness_p99 \2 us/p
            s/.*post to applied p50 \([0-9.]*\) us, p99 \([0-9.]*\) us.*/RESULT ring_apply_p50 \1 us\nRESULT ring_apply_p99 \2 us/p' \
        "$log" >>"$log"
}

for r in $(seq 1 "$RUNS"); do
    run_one off "$r"
    run_one on "$r"
done

# Median over the runs of each RESULT, per mode.
median() { # MODE NAME
    grep -h "^RESULT $2 " "$work/$1".*.log | awk '{ print $3 }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
row() { # NAME LABEL UNIT
    printf "  %-40s %14s %14s  %s\n" "$2" "$(median off "$1")" \
        "$(median on "$1")" "$3"
}
echo "gpio: median of $RUNS runs, $ITER calls each, $EVENTS input edges"
printf "  %-40s %14s %14s\n" "" "hypercalls" "request ring"
row walltime_call_p50 "bare hypercall (WALLTIME) p50" us
row output_call_p50 "solo5_gpio_output, guest cost p50" us
row output_call_p99 "solo5_gpio_output, guest cost p99" us
row input_call_p50 "solo5_gpio_input round trip p50" us
row input_call_p99 "solo5_gpio_input round trip p99" us
row toggles_per_op "toggles/s, one call each" /s
row toggles_sequence "toggles/s, solo5_gpio_sequence" /s
row ring_apply_p50 "output posted to applied p50" us
row ring_apply_p99 "output posted to applied p99" us
row step_lateness_p50 "sequence step lateness p50 (100 us steps)" us
row step_lateness_p99 "sequence step lateness p99" us
row event_latency_p50 "edge event, stimulus to guest p50" us
row event_latency_p99 "edge event, stimulus to guest p99" us

# Idle cost: the guest blocks in solo5_yield for IDLE_MS; CPU time of the
# whole tender process (both threads) over that time.
IDLE_MS=${IDLE_MS:-10000}
for mode in off on; do
    "$B/bench/runtimes" 1 "idle-ring-$mode" -- "$B/pinvisor" \
        --gpio:out=sim:0,1,2,3:out --gpio:in=sim:8:in --gpio-ring=$mode \
        "$B/bench/bench_gpio.hvt" --solo5:warn idle "$IDLE_MS" \
        >"$work/idle-$mode.json"
done
idle_pct() {
    sed -n 's/.*"cpu_ms":\([0-9.]*\).*/\1/p' "$work/idle-$1.json" |
        awk -v ms="$IDLE_MS" '{ printf "%.3f", 100 * $1 / ms }'
}
printf "  %-40s %14s %14s  %s\n" "guest in solo5_yield for $((IDLE_MS / 1000)) s: tender CPU" \
    "$(idle_pct off)" "$(idle_pct on)" "% of a core"

# What the ring costs a short-lived tender: start to exit of a guest that
# makes 10 outputs and returns (median of 11 interleaved runs each).
"$B/bench/runtimes" 11 off -- "$B/pinvisor" --gpio:out=sim:0,1,2,3:out \
    --gpio:in=sim:8:in --gpio-ring=off "$B/bench/bench_gpio.hvt" \
    --solo5:quiet idle 0 --- on -- "$B/pinvisor" --gpio:out=sim:0,1,2,3:out \
    --gpio:in=sim:8:in --gpio-ring=on "$B/bench/bench_gpio.hvt" \
    --solo5:quiet idle 0 >"$work/startstop.json"
startstop() {
    sed -n "s/.*\"name\":\"$1\".*\"wall_ms\":\([0-9.]*\).*/\1/p" \
        "$work/startstop.json"
}
printf "  %-40s %14s %14s  %s\n" "tender start to exit, 10 outputs" \
    "$(startstop off)" "$(startstop on)" ms
echo "  (logs: $work/)"
