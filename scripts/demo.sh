#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh: the main demo (make demo). The thesis's application on the
# simulated chip: blink an LED 10 times, record every edge in a VCD trace,
# then print the LED's timeline from the trace; then the Modbus RTU
# example (examples/modbus) reads three registers from the simulated
# slave (examples/modbus/slave.txt) over a sim UART, and its byte trace
# is printed; then the thermostat example (examples/thermostat) reads a
# sim I2C sensor whose script (room.txt) warms the room past 25 C and
# back, switching the sim LED on and off, and the LED's timeline is
# printed. Where KVM does not work here (scripts/kvm-works.sh), the
# unikernels run inside the test VM (tests/vm/, nested KVM under QEMU
# TCG) and the timeline and the trace are printed here.
#
#   scripts/demo.sh          the demo
#   scripts/demo.sh --blink  only the unikernels (what the test VM runs)
set -eu
B=${BUILD:-build}
trace="$B/demo-blink.vcd"
mtrace="$B/demo-modbus.log"
ttrace="$B/demo-thermostat.vcd"
blink() {
    echo "== pinvisor --gpio:led=sim:0 --gpio-trace=$trace $B/examples/blink.hvt"
    "$B/pinvisor" --gpio:led=sim:0 --gpio-trace="$trace" "$B/examples/blink.hvt"
    echo "== pinvisor --uart:rs485=sim,baud=19200,8E1 --uart-sim:rs485=examples/modbus/slave.txt --uart-trace=$mtrace $B/examples/modbus.hvt"
    "$B/pinvisor" --uart:rs485=sim,baud=19200,8E1 \
        --uart-sim:rs485=examples/modbus/slave.txt --uart-trace="$mtrace" \
        "$B/examples/modbus.hvt"
    echo "== pinvisor --i2c:sensor=sim:0x48 --i2c-sim=examples/thermostat/room.txt --gpio:led=sim:0:out --gpio-trace=$ttrace $B/examples/thermostat.hvt"
    "$B/pinvisor" --i2c:sensor=sim:0x48 \
        --i2c-sim=examples/thermostat/room.txt --gpio:led=sim:0:out \
        --gpio-trace="$ttrace" "$B/examples/thermostat.hvt"
}
if [ "${1:-}" = --blink ]; then
    blink
    exit
fi
rm -f "$trace" "$mtrace" "$ttrace"
if why=$(scripts/kvm-works.sh); then
    blink
else
    echo "== ${why#no KVM here: }: running the demo in the test VM (QEMU TCG with nested KVM; first run about 1.5 minutes, then about 15 s)"
    tests/vm/boot.sh --timeout 900 -- scripts/demo.sh --blink
fi
changes=$(scripts/vcd-timeline.sh "$trace" led.GPIO0 | wc -l)
echo "== LED timeline from $trace ($((changes - 1)) transitions; view it in GTKWave)"
scripts/vcd-timeline.sh "$trace" led.GPIO0
echo "== Modbus bytes on the line, from $mtrace (tx: the request, rx: the slave's answer)"
grep -v '^#' "$mtrace"
echo "== The thermostat's LED from $ttrace (on at 25.5 C, off at 23 C)"
scripts/vcd-timeline.sh "$ttrace" led.GPIO0
