# SPDX-License-Identifier: ISC
# gpio_cdev.test.sh: the cdev backend against the kernel's own GPIO stack:
# a gpio-sim chip made through configfs (label pinvisor-sim, 8 lines, line
# 0 named GPIO17 and line 1 GPIO27 as on a Raspberry Pi), the blink and
# button examples wired as on the Pi (docs/raspberry-pi.md), the safe
# state after exit, abort and fault, and refused requests. Levels are
# read back from gpio-sim's sysfs files, inputs driven through its pulls.
# Every case needs KVM and gpio-sim (kind gpiosim, tests/integration/
# lib.sh): here when both work, else in the test VMs.
CASE_KIND=gpiosim
EX="$B/examples"

cdev_setup() {
    gpiosim_chip pinvisor pinvisor-sim 8 0=GPIO17 1=GPIO27 || return 1
    CCHIP=$GPIOSIM_CHIP CS=$GPIOSIM_SYS
}

cdev_teardown() { gpiosim_remove pinvisor; }

# The level gpio-sim sees on line N; sets line N's pull (up or down).
sim_value() { cat "$CS/sim_gpio$1/value"; }
sim_pull() { echo "pull-$2" >"$CS/sim_gpio$1/pull"; }

# Changes between 0 and 1 of SIGNAL in the trace VCD.
trace_transitions() {
    scripts/vcd-timeline.sh "$1" "$2" | awk '
        ($4 == "0" || $4 == "1") && (p == "0" || p == "1") && $4 != p { n++ }
        { p = $4 } END { print n + 0 }'
}

# VCD SIGNAL N: exactly N transitions of SIGNAL in the trace.
transitions_are() {
    t=$(trace_transitions "$1" "$2")
    [ "$t" = "$3" ] || { echo "$2: $t transitions in the trace, expected $3"; return 1; }
}

# N: exactly N transitions counted in the sysfs samples and the trace.
blink_counts_are() {
    s=$(awk 'NR > 1 && $1 != p { n++ } { p = $1 } END { print n + 0 }' \
        "$TMPD/cdev.samples")
    t=$(trace_transitions "$TMPD/cdev.vcd" led.GPIO17)
    [ "$s" = "$1" ] && [ "$t" = "$1" ] || {
        echo "sysfs showed $s transitions, the trace $t; expected $1"
        return 1
    }
}

# Runs CMD... in the background, samples line 0's level from sysfs into
# $TMPD/cdev.samples until it ends, and returns its status.
run_sampling() {
    : >"$TMPD/cdev.samples"
    timeout -k 5 "$TIMEOUT" "$@" >"$LAST_OUT" 2>&1 </dev/null &
    pid=$!
    # Shell builtins only: a forked cat per sample missed transitions
    # under emulation.
    while kill -0 "$pid" 2>/dev/null; do
        read -r v <"$CS/sim_gpio0/value"
        echo "$v"
    done >"$TMPD/cdev.samples"
    wait "$pid"
}

# The button example: three presses driven through the pull of line 1
# once the guest has configured it (gpioinfo shows the pull-down it asks
# for).
button_presses() {
    timeout -k 5 "$TIMEOUT" "$PV" --gpio:button=pinvisor-sim:GPIO27:in \
        --gpio:led=pinvisor-sim:GPIO17:out,safe=0 \
        --gpio-trace="$TMPD/button.vcd" "$EX/button.hvt" 3 20000 \
        >"$TMPD/button.out" 2>&1 </dev/null &
    pid=$!
    # The guest has configured the button once gpioinfo shows its bias
    # (the tender's own request, made at start, sets none); the LED
    # follows at once.
    w_end=$(($(date +%s) + TIMEOUT))
    until gpioinfo "$CCHIP" 2>/dev/null |
        grep -q 'line *1:.*"pinvisor-button" *input.*pull-down'; do
        kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$w_end" ] || break
        sleep 0.1
    done
    for i in 1 2 3; do
        sim_pull 1 up
        sleep 0.5
        sim_pull 1 down
        sleep 0.5
    done
    wait "$pid"
    st=$?
    cp "$TMPD/button.out" "$LAST_OUT"
    [ "$st" = 0 ] || {
        echo "button exited with $st"
        sed 's/^/    | /' "$TMPD/button.out" | tail -n 8
        return 1
    }
    for want in 'press 1 .*LED on$' 'press 2 .*LED off$' 'press 3 .*LED on$'; do
        grep -Eq "^button: $want" "$TMPD/button.out" || {
            echo "no line /button: $want/"
            return 1
        }
    done
}

# The last level of SIGNAL in the trace VCD is V. (After the tender
# exits, gpio-sim shows a released line at its pull, so the safe state
# is checked in the trace, which records it being driven.)
last_level_is() {
    got=$(scripts/vcd-timeline.sh "$1" "$2" | tail -n 1 | awk '{ print $4 }')
    [ "$got" = "$3" ] || {
        echo "$2 ends at '$got', expected $3"
        return 1
    }
}

# A chip that cannot be made (a line count gpio-sim refuses) is not
# left half made in configfs.
bad_chip_leaves_nothing() {
    if gpiosim_chip pvhalf pvhalf nolines 2>/dev/null; then
        gpiosim_remove pvhalf
        echo "gpio-sim made a chip of 'nolines' lines"
        return 1
    fi
    [ ! -e "$GPIOSIM/pvhalf$$" ] || {
        echo "$GPIOSIM/pvhalf$$ left behind"
        gpiosim_remove pvhalf
        return 1
    }
}

# Blink 10 times, 1 s a cycle, on line 0 while sampling it in sysfs (the
# samples of an emulated arm64 shell loop were seen 200 ms apart).
blink_sampled() {
    run_sampling "$PV" --gpio:led=pinvisor-sim:GPIO17:out,safe=0 \
        --gpio-trace="$TMPD/cdev.vcd" "$EX/blink.hvt" 10 1000
    st=$?
    grep -q '^blink: done$' "$LAST_OUT" && [ "$st" = 0 ] || {
        echo "status $st"
        sed 's/^/    | /' "$LAST_OUT" | tail -n 8
        return 1
    }
}

if ! phase_has gpiosim; then
    : # another run (the test VM) has these cases
elif ! cdev_setup; then
    case_fail "gpio cdev: a gpio-sim chip" "cannot make one through $GPIOSIM"
else
    check "gpio cdev: a chip that cannot be made leaves nothing" \
        bad_chip_leaves_nothing
    check "gpio cdev: blink drives gpio-sim line GPIO17 (0)" blink_sampled &&
        check "gpio cdev: 20 transitions in gpio-sim's sysfs and the trace" \
            blink_counts_are 20 &&
        check "gpio cdev: the LED is off after blink" \
            last_level_is "$TMPD/cdev.vcd" led.GPIO17 0

    check "gpio cdev: button presses from gpio-sim pulls toggle the LED" \
        button_presses &&
        check "gpio cdev: the LED followed the presses (trace)" \
            transitions_are "$TMPD/button.vcd" led.GPIO17 4 &&
        check "gpio cdev: the LED is off after button" \
            last_level_is "$TMPD/button.vcd" led.GPIO17 0

    T="$TMPD/cdev_safe.vcd"
    for how in exit abort fault; do
        st=0 out="^SUCCESS"
        [ $how = abort ] && st=255
        [ $how = fault ] && st=255 out="${FAULT_UNMAPPED}.*address 0x8$"
        expect "gpio cdev: $how with the LED on ($st)" $st \
            --out "$out" --not FAILURE \
            -- "$PV" --gpio:led=pinvisor-sim:0 --gpio-trace="$T" \
            "$G/gpio_safe.hvt" $how &&
            check "gpio cdev: the LED is off after $how" \
                last_level_is "$T" led.GPIO17 0
    done
    expect "gpio cdev: safe=1, fault with the LED off (255)" 255 \
        --out "$FAULT_UNMAPPED" --not FAILURE \
        -- "$PV" --gpio:led=pinvisor-sim:0:safe=1 --gpio-trace="$T" \
        "$G/gpio_safe.hvt" fault low &&
        check "gpio cdev: safe=1 leaves the LED on after a fault" \
            last_level_is "$T" led.GPIO17 1

    dd if=/dev/zero of="$TMPD/cdev.img" bs=512 count=8 2>/dev/null
    expect "gpio cdev: every bad request gives EINVAL" 0 \
        --out '^negative: bad flags$' --out '^negative: bad handles$' \
        --out '^SUCCESS$' --not FAILURE \
        -- "$PV" --mem=64 --gpio:n=pinvisor-sim:0,1,2,3 \
        --gpio:i=pinvisor-sim:4:in --gpio:o=pinvisor-sim:5:out \
        --block:d="$TMPD/cdev.img" "$G/gpio_negative.hvt"
    cdev_teardown
fi
