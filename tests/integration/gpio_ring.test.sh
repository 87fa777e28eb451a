# SPDX-License-Identifier: ISC
# gpio_ring.test.sh: the GPIO request ring: ordering rules with the ring
# on and off, and guests that flood or corrupt the ring.
RA="$G/gpio_ring_abuse.hvt"
RO="$G/gpio_ring_order.hvt"
# TRACE N WANT: the last N levels of the LED in TRACE are WANT ("10").
ring_last_is() {
    got=$(scripts/vcd-timeline.sh "$1" io.GPIO0 | tail -n "$2" |
        awk '{ printf "%s", $4 }')
    [ "$got" = "$3" ] || { echo "last levels $got, expected $3"; return 1; }
}

for ring in on off; do
    trace="$TMPD/order-$ring.vcd"
    expect "ring $ring: input sees prior outputs, sequence then output, yield, barrier, clear last" 0 \
        --out '^SUCCESS$' \
        -- "$PV" --gpio-ring=$ring --gpio:io=sim:0,1 --gpio-trace="$trace" \
        "$RO" --solo5:warn
    # The clear comes after the last output: the line ends 1 -> 0.
    check "ring $ring: trace ends with the output (1) then the clear (0)" \
        ring_last_is "$trace" 2 10
done

expect "ring: offered to native guests by default" 0 --out '^ring offered$' \
    -- "$PV" --gpio:io=sim:0 "$RA" --solo5:warn noring
expect "ring: --gpio-ring=off keeps the hypercall path" 0 \
    --out '^ring not offered$' \
    -- "$PV" --gpio-ring=off --gpio:io=sim:0 "$RA" --solo5:warn noring
expect "ring: 200000 outputs as fast as possible, nothing lost" 0 \
    --out '^SUCCESS$' -- "$PV" --gpio:io=sim:0 "$RA" --solo5:warn flood
expect "ring: unknown operation and bad handle come back EINVAL" 0 \
    --out '^unknown op: 2, bad handle: 2$' --out '^SUCCESS$' \
    -- "$PV" --gpio:io=sim:0 "$RA" --solo5:warn badop
expect "ring: a sequence of garbage steps is rejected and counted" 0 \
    --out 'garbage sequence: 2, async errors 0 -> 1' --out '^SUCCESS$' \
    -- "$PV" --gpio:io=sim:0 "$RA" --solo5:warn badsteps
trace="$TMPD/tail.vcd"
expect "ring: corrupted indices stop the guest, not the tender" 1 \
    --out '^pinvisor: guest corrupted the GPIO request ring' \
    --not 'FAILURE' \
    -- "$PV" --gpio:io=sim:0 --gpio-trace="$trace" "$RA" --solo5:warn tail
check "ring: after corrupted indices the line is left safe (0)" \
    ring_last_is "$trace" 1 0
nokvm expect "ring: --gpio-spin takes microseconds" 2 --out 'expected microseconds' \
    -- "$PV" --gpio-spin=fast --gpio:io=sim:0 "$RA" noring
nokvm expect "ring: --gpio-ring takes on or off" 2 --out 'expected on or off' \
    -- "$PV" --gpio-ring=maybe --gpio:io=sim:0 "$RA" noring
