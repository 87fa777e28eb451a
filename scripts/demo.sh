#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh: the main demo (make demo). The thesis's application on the
# simulated chip: blink an LED 10 times, record every edge in a VCD trace,
# then print the LED's timeline from the trace. Where KVM does not work
# here (scripts/kvm-works.sh), the blink runs inside the test VM
# (tests/vm/, nested KVM under QEMU TCG) and the timeline is printed here.
#
#   scripts/demo.sh          the demo
#   scripts/demo.sh --blink  only the blink (what the test VM runs)
set -eu
B=${BUILD:-build}
trace="$B/demo-blink.vcd"
blink() {
    echo "== pinvisor --gpio:led=sim:0 --gpio-trace=$trace $B/examples/blink.hvt"
    "$B/pinvisor" --gpio:led=sim:0 --gpio-trace="$trace" "$B/examples/blink.hvt"
}
if [ "${1:-}" = --blink ]; then
    blink
    exit
fi
rm -f "$trace"
if why=$(scripts/kvm-works.sh); then
    blink
else
    echo "== ${why#no KVM here: }: running the demo in the test VM (QEMU TCG with nested KVM; first run about 1.5 minutes, then about 15 s)"
    tests/vm/boot.sh --timeout 900 -- scripts/demo.sh --blink
fi
changes=$(scripts/vcd-timeline.sh "$trace" led.GPIO0 | wc -l)
echo "== LED timeline from $trace ($((changes - 1)) transitions; view it in GTKWave)"
scripts/vcd-timeline.sh "$trace" led.GPIO0
