# SPDX-License-Identifier: ISC
# hostile.test.sh: guests and signals that try to make the tender touch
# memory it must not, crash, or hang; in every case the LED (driven high
# first) must end in its safe state (0) in the trace.
HA="$G/hc_abuse.hvt"
disk="$TMPD/hostile.img"
truncate -s 4096 "$disk"
# TRACE WANT: the LED's last level in TRACE is WANT.
led_last_is() {
    got=$(scripts/vcd-timeline.sh "$1" io.GPIO0 | tail -n 1 | awk '{ print $4 }')
    [ "$got" = "$2" ] || { echo "the LED ends at '$got', expected $2"; return 1; }
}

hostile_case() { # NAME MODE-FILE ARG MESSAGE
    tr="$TMPD/hostile.vcd"
    rm -f "$tr"
    expect "$1" 1 --out "^pinvisor: guest memory violation: $4" \
        --not 'FAILURE' \
        -- "$PV" --gpio:io=sim:0 --block:disk="$disk" --gpio-trace="$tr" \
        "$2" --solo5:quiet "$3" &&
        check "$1: the LED is left safe" led_last_is "$tr" 0
}
# Native mode's I/O bitmap opens only the hypercall ports (0x500-0x522)
# and the rings' kick ports (GPIO 0x601-0x604, I2C 0x609-0x60c): an OUT
# to any other port is a #GP in the guest, reported by the tender
# (x86_64; docs/abi.md).
if [ "$ARCH" = x86_64 ]; then
    for port in 0x4ff 0x523 0x600 0x605 0x608 0x60d 0x80; do
        expect "hostile native: OUT to closed port $port is a #GP (255)" 255 \
            --out "^OUT to port $port\$" \
            --out '^pinvisor: guest fault: general protection fault \(#GP\) \(vector 13' \
            --out "rdx=$port( |\$)" --not FAILURE \
            -- "$PV" --gpio:io=sim:0 --block:disk="$disk" "$HA" \
            --solo5:quiet "port:$port"
    done
fi

hostile_case "hostile native: result into rodata is refused" "$HA" rodata \
    'WALLTIME argument at 0x[0-9a-f]+ \(\+8 bytes\) is read-only'
hostile_case "hostile solo5: result into rodata is refused" \
    "$G/hc_abuse.solo5.hvt" rodata 'WALLTIME argument .* is read-only'
hostile_case "hostile native: result into boot info is refused" "$HA" \
    bootinfo 'WALLTIME argument at 0x10000 .* is read-only'
TABLES=0x9060
[ "$ARCH" = aarch64 ] && TABLES=0x1060
hostile_case "hostile native: result into the tender's tables is refused" "$HA" \
    tables "WALLTIME argument at $TABLES .* is not memory the guest may use"
hostile_case "hostile native: BLOCK_READ into text is refused" "$HA" blkread \
    'BLOCK buffer at 0x100000 \(\+512 bytes\) is read-only'
hostile_case "hostile solo5: BLOCK_READ into text is refused" \
    "$G/hc_abuse.solo5.hvt" blkread 'BLOCK buffer .* is read-only'

# A closed stdout loses guest output but not the safe state (SIGPIPE).
closed_stdout() {
    tr="$TMPD/pipe.vcd"
    "$PV" --gpio:io=sim:0 --block:disk="$disk" --gpio-trace="$tr" "$HA" \
        flood 2>"$TMPD/pipe.err" | head -c 10 >/dev/null
    # With head gone, the tender finishes the guest normally.
    grep -q 'stopped\|violation' "$TMPD/pipe.err" && { cat "$TMPD/pipe.err"; return 1; }
    led_last_is "$tr" 0 || return 1
}
check "signals: a closed stdout (SIGPIPE) still ends with the LED safe" \
    closed_stdout

# SIGTERM while the tender is blocked writing guest output to a stalled
# pipe: it still stops at once, with the LED safe.
blocked_puts() {
    tr="$TMPD/stall.vcd" fifo="$TMPD/stall.fifo"
    rm -f "$fifo"
    mkfifo "$fifo"
    sleep 10 <"$fifo" &
    reader=$!
    "$PV" --gpio:io=sim:0 --block:disk="$disk" --gpio-trace="$tr" "$HA" \
        flood >"$fifo" 2>"$TMPD/stall.err" &
    pid=$!
    sleep 1
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    kill "$reader" 2>/dev/null
    [ "$rc" -eq 1 ] || { echo "exit status $rc"; return 1; }
    grep -q '^pinvisor: stopped by SIGTERM$' "$TMPD/stall.err" ||
        { cat "$TMPD/stall.err"; return 1; }
    led_last_is "$tr" 0 || return 1
}
check "signals: SIGTERM stops a tender blocked on a stalled stdout" \
    blocked_puts

sig_during_idle() { # SIGNAL EXPECTED-STATUS
    : >"$TMPD/idle.out"
    "$PV" "$G/idle.hvt" 3000 >"$TMPD/idle.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/idle.out" '^idle: sleeping' "$pid"
    kill -"$1" "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -eq "$2" ] || { echo "exit status $rc"; cat "$TMPD/idle.out"; return 1; }
}
check "signals: SIGHUP stops the tender with status 1" sig_during_idle HUP 1
check "signals: SIGQUIT stops the tender with status 1" sig_during_idle QUIT 1
check "signals: a stray SIGUSR1 changes nothing (guest finishes, status 0)" \
    sig_during_idle USR1 0
