# SPDX-License-Identifier: ISC
# faults.test.sh: what holds when something goes wrong (docs/gpio.md,
# docs/security.md), one case per fault.

# --- GPIO faults (trace, vanished chip, attribute limit)
# The trace's sink stalls or fills (sim, kind kvm), a gpio-sim chip goes
# away under a guest (kind gpiosim, levels and requests through its
# sysfs and configfs), a device asks for more distinct line
# configurations than a Linux line request holds (both).
GF_EX="$B/examples"
GF_SCRIPT="$G/gpio_script.hvt"
GF_OUT="$TMPD/gf.out"

# PID SECONDS: waits until process PID has ended, at most SECONDS; then
# its status is in $GF_ST. False (and PID killed) if it had not ended.
gf_wait_end() {
    gf_n=0
    while kill -0 "$1" 2>/dev/null; do
        gf_n=$((gf_n + 1))
        [ "$gf_n" -le $(($2 * 10)) ] || {
            kill -KILL "$1" 2>/dev/null
            wait "$1" 2>/dev/null
            echo "still running $2 s after SIGTERM"
            sed 's/^/    | /' "$GF_OUT" | tail -n 8
            return 1
        }
        sleep 0.1
    done
    wait "$1"
    GF_ST=$?
}

# STATUS REGEX...: the tender ended with STATUS and said each REGEX.
gf_said() {
    [ "$GF_ST" = "$1" ] || {
        echo "exit status $GF_ST, expected $1"
        sed 's/^/    | /' "$GF_OUT" | tail -n 8
        return 1
    }
    shift
    for re in "$@"; do
        grep -Eq -- "$re" "$GF_OUT" || {
            echo "no line /$re/ in:"
            sed 's/^/    | /' "$GF_OUT" | tail -n 8
            return 1
        }
    done
    ! grep -q 'could not reach the safe state' "$GF_OUT" ||
        { echo "the safe state was not reached"; return 1; }
}

# PID: waits (up to $TIMEOUT s) until process PID has written 60000
# bytes (/proc/PID/io's wchar): a 64 KiB pipe that is never read is then
# (nearly) full.
gf_wrote_60k() {
    gf_end=$(($(date +%s) + TIMEOUT))
    until [ "$(sed -n 's/^wchar: //p' "/proc/$1/io" 2>/dev/null || echo 0)" \
        -ge 60000 ]; do
        [ "$(date +%s)" -lt "$gf_end" ] && kill -0 "$1" 2>/dev/null ||
            { echo "the tender never wrote 60000 bytes"; return 1; }
        sleep 0.2
    done
}

# A trace on a FIFO whose reader opened it and never reads: blink as fast
# as it can until the pipe is full, then SIGTERM. The tender must end
# (status 1) with the trace said incomplete, not wait for the reader.
gf_fifo_stalled() {
    fifo="$TMPD/gf.fifo"
    rm -f "$fifo"
    mkfifo "$fifo" || return 1
    sleep 100000 <"$fifo" &
    rpid=$!
    "$PV" --gpio:led=sim:0 --gpio-trace="$fifo" "$GF_EX/blink.hvt" \
        100000000 0 >"$GF_OUT" 2>&1 </dev/null &
    pid=$!
    wait_for_line "$GF_OUT" '^blink: ' "$pid" && gf_wrote_60k "$pid" &&
        sleep 1
    kill -TERM "$pid"
    gf_wait_end "$pid" 30
    rc=$?
    kill "$rpid" 2>/dev/null
    wait "$rpid" 2>/dev/null
    [ $rc = 0 ] && gf_said 1 '^pinvisor: stopped by SIGTERM$' \
        "^pinvisor: gpio: the trace $fifo is incomplete: its reader did not take it all before the exit \\([0-9]+ records lost\\)\$"
}

# The trace stops at --gpio-trace-max on a whole line, says so at its end
# and on stderr; the guest runs to its end.
gf_trace_max() {
    t="$TMPD/gf_max.vcd"
    "$PV" --gpio:led=sim:0 --gpio-trace="$t" --gpio-trace-max=4K \
        "$GF_EX/blink.hvt" 2000 0 >"$GF_OUT" 2>&1 </dev/null &
    gf_wait_end $! "$TIMEOUT" && gf_said 0 '^blink: done$' \
        "^pinvisor: gpio: the trace $t is incomplete: --gpio-trace-max was reached \\([0-9]+ records lost\\)\$" ||
        return 1
    size=$(wc -c <"$t")
    [ "$size" -le 4096 ] && [ "$size" -gt 3000 ] ||
        { echo "trace of $size bytes, limit 4096"; return 1; }
    [ "$(tail -c 1 "$t" | od -An -c | tr -d ' ')" = '\n' ] ||
        { echo "the trace ends inside a line"; return 1; }
    [ "$(tail -n 1 "$t")" = \
        '$comment trace incomplete: --gpio-trace-max was reached $end' ] ||
        { echo "last line: $(tail -n 1 "$t")"; return 1; }
    # Every line before is a whole VCD line.
    bad=$(grep -Evc '^(\$.*|#[0-9]+|[01zx][!-~]{1,3})$' "$t")
    [ "$bad" = 0 ] || { echo "$bad lines are not VCD lines"; return 1; }
}

withkvm check "gpio faults: SIGTERM with a stalled FIFO trace ends the tender (1)" \
    gf_fifo_stalled
withkvm check "gpio faults: --gpio-trace-max keeps whole lines, says incomplete (0)" \
    gf_trace_max
nokvm expect "gpio faults: --gpio-trace-max needs a size (2)" 2 \
    --out '^pinvisor: --gpio-trace-max=12Q: expected a size in bytes \(a number, optionally with K, M or G\) \(see pinvisor --help\)$' \
    -- "$PV" --gpio:led=sim:0 --gpio-trace=/dev/null --gpio-trace-max=12Q \
    "$GF_EX/blink.hvt"
nokvm expect "gpio faults: --gpio-trace-max below 4096 bytes is refused (2)" 2 \
    --out '^pinvisor: --gpio-trace-max=1K: at least 4096 bytes \(see pinvisor --help\)$' \
    -- "$PV" --gpio:led=sim:0 --gpio-trace=/dev/null --gpio-trace-max=1K \
    "$GF_EX/blink.hvt"
nokvm expect "gpio faults: --gpio-trace-max without a trace is refused (2)" 2 \
    --out '^pinvisor: --gpio-trace-max=1M needs --gpio-trace=FILE \(see pinvisor --help\)$' \
    -- "$PV" --gpio:led=sim:0 --gpio-trace-max=1M "$GF_EX/blink.hvt"

# 12 lines: 10 distinct input configurations fit, an 11th (a flag set, or
# an output with its values) is refused with EINVAL, as the kernel would
# refuse the line request; one the device already has still fits.
GF_ATTRS="cfg:0x1:in cfg:0x2:in+al cfg:0x4:in+rise cfg:0x8:in+fall
cfg:0x10:in+rise+fall cfg:0x20:in+up cfg:0x40:in+down cfg:0x80:in+nobias
cfg:0x100:in+al+rise cfg:0x200:in+al+fall cfg:0x400:in+al+up!EINVAL
cfg:0x800:out!EINVAL cfg:0x400:in cfg:0x800:in+rise"
withkvm expect "gpio faults: an 11th distinct line configuration is EINVAL on sim (0)" 0 \
    --out '^cfg:0x400:in\+al\+up -> EINVAL$' --out '^SUCCESS$' \
    --not FAILURE \
    -- "$PV" --gpio:g=sim:0,1,2,3,4,5,6,7,8,9,10,11 "$GF_SCRIPT" $GF_ATTRS

# LINES: a gpio-sim chip of LINES lines for one case (GF_CHIP, GF_SYS).
gf_chip() {
    [ "$(id -u)" = 0 ] && [ -d /sys/kernel/config/gpio-sim ] || {
        echo "no gpio-sim"
        return 1
    }
    GF_D=/sys/kernel/config/gpio-sim/pvfaults$$
    mkdir "$GF_D" "$GF_D/bank0" && echo "$1" >"$GF_D/bank0/num_lines" &&
        echo 1 >"$GF_D/live" || return 1
    GF_CHIP=$(cat "$GF_D/bank0/chip_name")
}
gf_chip_free() {
    echo 0 >"$GF_D/live" 2>/dev/null
    rmdir "$GF_D/bank0" "$GF_D"
}

gf_attrs_cdev() {
    gf_chip 12 || return 1
    "$PV" "--gpio:g=$GF_CHIP:0,1,2,3,4,5,6,7,8,9,10,11" "$GF_SCRIPT" \
        $GF_ATTRS >"$GF_OUT" 2>&1 </dev/null &
    gf_wait_end $! "$TIMEOUT"
    rc=$?
    gf_chip_free
    [ $rc = 0 ] && gf_said 0 '^cfg:0x400:in\+al\+up -> EINVAL$' \
        '^SUCCESS$' && ! grep -q FAILURE "$GF_OUT"
}

# CPU ticks (user + system) process PID has used.
gf_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# The chip of the running tender PID goes away (gpio-sim's live = 0): over
# the next 10 s the tender uses under 5 % of a core and says one warning;
# SIGTERM then ends it (1) without a claim that the safe state failed.
gf_vanish() {
    sleep 1
    echo 0 >"$GF_D/live" || { kill "$1"; return 1; }
    sleep 1
    c0=$(gf_ticks "$1")
    sleep 10
    c1=$(gf_ticks "$1")
    kill -TERM "$1"
    gf_wait_end "$1" 30 || return 1
    rmdir "$GF_D/bank0" "$GF_D"
    hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
    [ $(((c1 - c0) * 100)) -lt $((hz * 10 * 5)) ] || {
        echo "$((c1 - c0)) ticks of $hz/s in 10 s: 5 % of a core or more"
        return 1
    }
    n=$(grep -c '^pinvisor: gpio' "$GF_OUT")
    [ "$n" = 1 ] && grep -q \
        "^pinvisor: gpio device '$2': its cdev chip went away; its requests fail from now on\$" \
        "$GF_OUT" || {
        echo "$n GPIO warnings, expected the one that the chip went away:"
        grep '^pinvisor: gpio' "$GF_OUT" | head -n 5 | sed 's/^/    | /'
        return 1
    }
    gf_said 1 '^pinvisor: stopped by SIGTERM$'
}

# Blink at 1 s a cycle: under emulation each wake-up of the guest costs
# the test VM's CPU (with a 100 ms cycle, 9 % of a core after the chip
# was gone, when no request made a system call any more).
gf_vanish_blink() {
    gf_chip 2 || return 1
    "$PV" "--gpio:led=$GF_CHIP:0:out" "$GF_EX/blink.hvt" 1000000 1000 \
        >"$GF_OUT" 2>&1 </dev/null &
    pid=$!
    wait_for_line "$GF_OUT" '^blink: ' "$pid" || { gf_chip_free; return 1; }
    gf_vanish "$pid" led
}

# The button on gpio-sim, the LED on sim: the guest waits in
# solo5_yield for a press that cannot come any more.
gf_vanish_button() {
    gf_chip 2 || return 1
    "$PV" "--gpio:button=$GF_CHIP:1:in" --gpio:led=sim:0:out \
        "$GF_EX/button.hvt" 3 100000000 >"$GF_OUT" 2>&1 </dev/null &
    pid=$!
    n=0
    until gpioinfo "$GF_CHIP" 2>/dev/null |
        grep -q 'line *1:.*"pinvisor-button" *input.*pull-down'; do
        n=$((n + 1))
        [ $n -lt 300 ] && kill -0 "$pid" 2>/dev/null || {
            kill "$pid" 2>/dev/null
            gf_chip_free
            echo "the guest never configured its button"
            return 1
        }
        sleep 0.1
    done
    gf_vanish "$pid" button
}

gpiosim check "gpio faults: an 11th distinct line configuration is EINVAL on gpio-sim" \
    gf_attrs_cdev
gpiosim check "gpio faults: gpio-sim chip removed under blink: one warning, idle" \
    gf_vanish_blink
gpiosim check "gpio faults: gpio-sim chip removed under a button wait: one warning, idle" \
    gf_vanish_button
