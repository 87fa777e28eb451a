#!/bin/sh
# demo.sh: the main demo (make demo). The thesis's application on the
# simulated chip: blink an LED 10 times, record every edge in a VCD trace,
# then print the LED's timeline from the trace.
set -eu
B=${BUILD:-build}
trace="$B/demo-blink.vcd"
echo "== pinvisor --gpio:led=sim:0 --gpio-trace=$trace $B/examples/blink.hvt"
"$B/pinvisor" --gpio:led=sim:0 --gpio-trace="$trace" "$B/examples/blink.hvt"
changes=$(scripts/vcd-timeline.sh "$trace" led.GPIO0 | wc -l)
echo "== LED timeline from $trace ($((changes - 1)) transitions; view it in GTKWave)"
scripts/vcd-timeline.sh "$trace" led.GPIO0
