#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: pinvisor against the native floor on the kernel's GPIO stack
# (make bench, or bench/native/run.sh after make bench-build; needs root
# and gpio-sim: bench/run.sh runs it in the test VM). On one gpio-sim
# chip (bench/gpiosim.sh), RUNS rounds, each: bench_gpio.hvt on the cdev
# backend with hypercalls (--gpio-ring=off), the same with the request
# ring, and gpio_native (bench/native/gpio_native.c: the same uAPI v2
# ioctls from a plain process) on the same lines; then libgpiod's
# gpioset and gpioget, one process per call. Edges for the event
# figures come from gpio-sim's pull file (gpio_native pulse), started
# when the program under test says "READY events". Prints the median of
# each figure over the rounds with pinvisor / native ratios, and writes
# them to $B/bench/native.dat (bench/plots.sh draws them). Then the
# parts of the ring's round trip: the ring on the simulated chip (no
# system call) and a bare two-thread hand-off (handoff.c).
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
RUNS=${RUNS:-5}
ITER=${ITER:-2000}
EVENTS=${EVENTS:-200}
# Edges 20 ms apart in the test VM, where a guest takes about that long
# to read one (docs/evaluation.md); 5 ms elsewhere.
[ -n "${PINVISOR_IN_VM:-}" ] && GAP_US=${GAP_US:-20000}
GAP_US=${GAP_US:-5000}
TOOL_RUNS=${TOOL_RUNS:-50}
work="$B/bench/native"
mkdir -p "$work"
rm -f "$work"/*.log
. bench/gpiosim.sh
. bench/where.sh
gpiosim_up
NATIVE="$B/bench/gpio_native"

# Runs CMD... with its output in LOG; drives the input line's pull once
# the command prints READY events.
run_driven() { # LOG CMD...
    log=$1
    shift
    "$@" >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && ! grep -q '^READY events' "$log"; do
        sleep 0.2
    done
    grep -q '^READY events' "$log" &&
        "$NATIVE" pulse "$SIM_SYS/sim_gpio8/pull" "$EVENTS" "$GAP_US"
    wait "$pid" || { echo "bench: failed: $*"; cat "$log"; exit 1; }
}

guest() { # MODE RUN
    log="$work/$1.$2.log"
    run_driven "$log" "$B/pinvisor" --gpio:out=pinvisor-bench:0,1,2,3:out \
        --gpio:in=pinvisor-bench:8:in --gpio-ring="$1" --gpio-stats \
        "$B/bench/bench_gpio.hvt" --solo5:warn "$ITER" "$EVENTS"
    stats=$(sed -n 's/.*lateness p50 \([0-9.]*\) us, p99 \([0-9.]*\) us.*/RESULT step_lateness_p50 \1 us\nRESULT step_lateness_p99 \2 us/p' \
        "$log")
    echo "$stats" >>"$log"
}

# The parts of the ring's round trip: the same guest on the simulated
# chip (no system call: the ring's own cost) and a bare hand-off between
# two spinning threads (bench/native/handoff.c).
parts() { # RUN
    "$B/pinvisor" --gpio:out=sim:0,1,2,3:out --gpio:in=sim:8:in \
        "$B/bench/bench_gpio.hvt" --solo5:warn "$ITER" 0 2>&1 |
        sed -n 's/^RESULT input_call_p50 /RESULT input_call_p50_simchip /p' \
            >"$work/simchip.$1.log"
    "$B/bench/handoff" 20000 >"$work/handoff.$1.log"
}

for r in $(seq 1 "$RUNS"); do
    guest off "$r"
    guest on "$r"
    run_driven "$work/native.$r.log" "$NATIVE" bench "$SIM_CHIP" 0 8 "$ITER" \
        "$EVENTS"
    parts "$r"
done
"$NATIVE" tools "$SIM_CHIP" 0 "$TOOL_RUNS" >"$work/tools.1.log"

median() { # MODE NAME
    { grep -h "^RESULT $2 " "$work/$1".*.log || true; } | awk '{ print $3 }' |
        sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
# gpioset and gpioget: one process per call; their p50 run time as the
# call's cost, its inverse as the toggle rate.
tool() { # NAME
    case $1 in
    output_call_p50) median tools gpioset_run_p50 ;;
    input_call_p50) median tools gpioget_run_p50 ;;
    toggles_per_op) median tools gpioset_run_p50 |
        awk '$1 != "-" { printf "%.0f", 1e6 / $1; next } { print }' ;;
    *) echo - ;;
    esac
}
dat="$B/bench/native.dat"
echo "# figure native gpiotools hypercalls ring unit (median of $RUNS rounds; $(date -u +%Y-%m-%d))" >"$dat"
echo "# where: $(bench_where)" >>"$dat"
echo "gpio-sim: median of $RUNS rounds, $ITER calls each, $EVENTS edges $GAP_US us apart; x: pinvisor / native"
printf "  %-34s %11s %11s %19s %19s\n" "" native "gpioset/get" hypercalls "request ring"
row() { # NAME LABEL UNIT
    n=$(median native "$1") t=$(tool "$1") h=$(median off "$1") g=$(median on "$1")
    echo "$1 $n $t $h $g $3" >>"$dat"
    echo "$2 $n $t $h $g $3" | awk '
    function x(v,   r) {
        if (v == "-" || $2 == "-" || $2 <= 0)
            return v
        r = v / $2
        return sprintf(r >= 100 ? "%s (%.0fx)" : r >= 10 ? "%s (%.1fx)" : "%s (%.2gx)", v, r)
    }
    { printf "  %-34s %11s %11s %19s %19s  %s\n", $1, $2, $3, x($4), x($5), $6 }' |
        sed 's/_/ /g'
}
row toggles_per_op "toggles/s,_one_call_each" /s
row toggles_sequence "toggles/s,_a_4096-step_schedule" /s
row output_call_p50 "output,_cost_to_the_caller_p50" us
row output_call_p99 "output,_cost_to_the_caller_p99" us
row input_call_p50 "input_round_trip_p50" us
row input_call_p99 "input_round_trip_p99" us
row step_lateness_p50 "step_lateness_p50_(100_us_steps)" us
row step_lateness_p99 "step_lateness_p99" us
row event_latency_p50 "edge_event,_pull_to_reader_p50" us
row event_latency_p99 "edge_event,_pull_to_reader_p99" us
row events_read "edge_events_read" events
# The parts (docs/evaluation.md): in the ring column, the ring's input
# round trip on the simulated chip; in the native column, the hand-off.
part() { # NAME LABEL MODE
    v=$(median "$3" "$1")
    if [ "$3" = handoff ]; then n=$v g=-; else n=- g=$v; fi
    echo "$1 $n - - $g us" >>"$dat"
    printf "  %-34s %11s %11s %19s %19s  us\n" "$2" "$n" - - "$g"
}
echo "  parts of the ring's round trip:"
part input_call_p50_simchip "input round trip p50, sim chip" simchip
part handoff_rtt_p50 "thread hand-off round trip p50" handoff
echo "  (logs: $work/, data: $dat)"
