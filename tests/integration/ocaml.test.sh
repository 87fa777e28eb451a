# SPDX-License-Identifier: ISC
# ocaml.test.sh: OCaml unikernels (docs/ocaml.md), in native and Solo5
# mode: output and flushing, arguments, environment and OCAMLRUNPARAM;
# a GC-heavy workload byte-identical to the same program as a Linux
# process; exit codes; an uncaught exception; a stack overflow; the frame
# table built on first use (each first user, output as a Linux
# process's); the Gpio module; the blink and button examples (traces
# checked); blink over the cdev backend on the kernel's gpio-sim.
ML="$B/tests/ocaml"
ml_t="$TMPD/ocaml"
mkdir -p "$ml_t"

# On aarch64 (the arm64 VM) the images and the Linux programs come from
# the cross compiler (ocaml/cross/build.sh); a missing image is a failure.

# The levels of SIGNAL in VCD file $1, in order, on one line.
ml_levels() {
    scripts/vcd-timeline.sh "$1" "$2" | awk '{ printf "%s%s", s, $NF; s = " " }'
}
ml_levels_are() {
    [ -s "$1" ] || { echo "no trace $1"; return 1; }
    ml_got=$(ml_levels "$1" "$2")
    [ "$ml_got" = "$3" ] || { echo "$2: levels '$ml_got', expected '$3'"; return 1; }
}
# The guest's output (stdout) must equal the Linux process's, byte for byte.
ml_same_as_native() {
    "$ML/workload.native" >"$ml_t/native.out" 2>&1 || {
        echo "the native workload failed"
        return 1
    }
    cmp "$LAST_OUT" "$ml_t/native.out" >/dev/null || {
        diff "$LAST_OUT" "$ml_t/native.out" | head -n 5
        return 1
    }
}
BLINK20="0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0"
# frametable's output for first user $1 must equal the Linux process's,
# source paths aside (on x86_64 Debian's runtime, which builds the table
# at start-up; on aarch64 the cross build's, patched like the guest's).
ml_frametable_as_native() {
    "$ML/frametable.native" "$1" >"$ml_t/ft.native" 2>&1 || {
        echo "the native frametable failed"
        return 1
    }
    sed 's|"[^"]*/frametable\.ml"|"frametable.ml"|' "$LAST_OUT" >"$ml_t/ft.guest"
    sed 's|"[^"]*/frametable\.ml"|"frametable.ml"|' "$ml_t/ft.native" >"$ml_t/ft.want"
    cmp "$ml_t/ft.guest" "$ml_t/ft.want" >/dev/null || {
        diff "$ml_t/ft.guest" "$ml_t/ft.want" | head -n 5
        return 1
    }
}

ml_mode_cases() { # $1: "" (native) or ".solo5"; $2: the mode's name
    m=$1 n=$2
    expect "ocaml hello ($n): output, argv, env, OCAMLRUNPARAM (0)" 0 \
        --out '^hello from OCaml$' --out '^argv: hello(\.solo5)? a b$' \
        --out '^GREETING=hi$' --out '^minor_heap_size=32768$' \
        --out '^backtraces=true$' --out '^SUCCESS$' \
        -- "$PV" "$ML/hello$m.hvt" --solo5:quiet GREETING=hi \
        OCAMLRUNPARAM=s=32k a b
    expect "ocaml hello ($n): defaults, b=0 turns backtraces off (0)" 0 \
        --out '^argv: hello(\.solo5)?$' --out '^GREETING=\(unset\)$' \
        --out '^minor_heap_size=262144$' --out '^backtraces=false$' \
        --out 'SUCCESS$' \
        -- "$PV" "$ML/hello$m.hvt" --solo5:quiet OCAMLRUNPARAM=b=0
    expect "ocaml workload ($n): GC, exceptions, Int64, Bytes, floats (0)" 0 \
        --out '^SUCCESS$' -- "$PV" "$ML/workload$m.hvt" --solo5:quiet &&
        check "ocaml workload ($n): output identical to a Linux process" \
            ml_same_as_native
    expect "ocaml exit 3 ($n): status 3, at_exit ran, stdout flushed" 3 \
        --out '^exiting with 3: at_exit ran $' \
        -- "$PV" "$ML/exitcode$m.hvt" --solo5:quiet 3
    expect "ocaml exit 300 ($n): status 300 land 255 = 44" 44 \
        --out '^exiting with 300: at_exit ran $' \
        -- "$PV" "$ML/exitcode$m.hvt" --solo5:quiet 300
    expect "ocaml exit 0 ($n): status 0" 0 \
        --out '^exiting with 0: at_exit ran $' \
        -- "$PV" "$ML/exitcode$m.hvt" --solo5:quiet 0
    expect "ocaml uncaught exception ($n): printed with a backtrace (2)" 2 \
        --out '^about to fail$' \
        --out '^Fatal error: exception Failure\("boom"\)$' \
        --out '^Raised at Stdlib.failwith in file "stdlib.ml"' \
        --out '^Called from Uncaught.middle in file ".*uncaught.ml", line 5' \
        --out '^Called from Uncaught.outer in file ".*uncaught.ml", line 6' \
        --not 'not reached' \
        -- "$PV" "$ML/uncaught$m.hvt" --solo5:quiet
    for ml_first in alloc gc callstack raise; do
        expect "ocaml frame table built on first use ($n): $ml_first first (0)" 0 \
            --out "^first user: $ml_first, collections before it: 0\$" \
            --out '^intact: 60000 of 60000$' \
            --out '^Called from Frametable.level1 in file ".*frametable.ml", line 29' \
            --out '^Called from Frametable.catch in file ".*frametable.ml", line 35' \
            --out '^SUCCESS$' \
            -- "$PV" "$ML/frametable$m.hvt" --solo5:quiet $ml_first &&
            check "ocaml frame table ($n, $ml_first first): output as a Linux process's" \
                ml_frametable_as_native $ml_first
    done
    expect "ocaml Gpio module ($n): calls, errors, sequence, events (0)" 0 \
        --out '^unknown device: Not_found$' \
        --out '^io: 2 lines, in true, out true$' \
        --out '^input after set: 1$' --out '^input after output 0: 0$' \
        --out '^Gpio.output: Invalid$' --out '^sync: ok$' \
        --out '^input after sequence: 1$' \
        --out '^event line 1 rising seqno 1$' \
        --out '^event line 1 falling seqno 2$' \
        --out '^cleared: Invalid$' --out '^SUCCESS$' --not FAILURE \
        -- "$PV" --gpio:io=sim:0,1 \
        --gpio-stimulus=tests/ocaml/gpio_api/stim.txt \
        "$ML/gpio_api$m.hvt" --solo5:quiet
}

ml_mode_cases "" native
ml_mode_cases .solo5 "Solo5 mode"

# A stack overflow ends at the page below the OCaml stack (read-only):
# native mode reports the guest's fault there (255); in Solo5 mode
# the host refuses the write (1). Nothing past the stack is touched.
# The fault is the architecture's for a write to a read-only page
# (FAULT_RO, tests/integration/lib.sh).
ml_stack=$(cat "$ML/overflow.stack" 2>/dev/null)
ml_fault=$(printf '0x%x' $((${ml_stack:-0} - 8)))
expect "ocaml stack overflow (native): write fault below the stack (255)" 255 \
    --out '^recursing$' \
    --out "${FAULT_RO}.* address $ml_fault\$" \
    --not FAILURE -- "$PV" "$ML/overflow.hvt" --solo5:quiet
expect "ocaml stack overflow (Solo5 mode): write to read-only memory (1)" 1 \
    --out '^recursing$' \
    --out '^pinvisor: host/guest translation fault: the guest wrote to read-only memory$' \
    --not FAILURE -- "$PV" "$ML/overflow.solo5.hvt" --solo5:quiet

ml_example_cases() { # $1: blink, $2: button image, $3: suffix, $4: stimulus
    for ml_ring in on off; do
        expect "ocaml example blink_ml $3, ring $ml_ring: 10 blinks (0)" 0 \
            --out '^blink: 10 blinks, period 20 ms$' --out '^blink: done$' \
            -- "$PV" --gpio-ring=$ml_ring --gpio:led=sim:0 \
            --gpio-trace="$ml_t/blink.vcd" "$1" --solo5:quiet 10 20 &&
            check "ocaml example blink_ml $3, ring $ml_ring: 20 transitions" \
                ml_levels_are "$ml_t/blink.vcd" led.GPIO0 "$BLINK20"
    done
    expect "ocaml example button_ml $3: three presses, bounces filtered (0)" 0 \
        --out '^button: press 1 \(event 1\) ' \
        --out '^button: press 2 \(event 3\) ' \
        --out '^button: press 3 \(event 5\) .*LED on$' \
        --not 'giving up' --not 'press 4' \
        -- "$PV" --gpio:button=sim:1:in --gpio:led=sim:0:out \
        --gpio-stimulus="$4" \
        --gpio-trace="$ml_t/button.vcd" "$2" --solo5:quiet &&
        check "ocaml example button_ml $3: the LED toggles on each press" \
            ml_levels_are "$ml_t/button.vcd" led.GPIO0 "0 1 0 1 0"
}
# The example's presses, 3 s later: an emulated guest (the test VM) may
# not have enabled edge detection by the first one, at 100 ms.
stimulus_later examples/button/presses.txt 3000 >"$ml_t/presses.txt"
ml_example_cases "$B/examples/blink_ml.hvt" "$B/examples/button_ml.hvt" \
    "(native)" "$ml_t/presses.txt"
ml_example_cases "$ML/blink_ml.solo5.hvt" "$ML/button_ml.solo5.hvt" \
    "(Solo5 mode)" "$ml_t/presses.txt"

# blink_ml over the cdev backend on a gpio-sim chip made for the case.
ml_gpiosim_blink() {
    gpiosim_chip pvocaml pvocaml 4 2=pvled || {
        echo "cannot make a gpio-sim chip"
        return 1
    }
    chip=$GPIOSIM_CHIP
    "$PV" --gpio:led="$chip":2:out --gpio-trace="$ml_t/cdev.vcd" \
        "$B/examples/blink_ml.hvt" --solo5:quiet 10 20 >"$ml_t/cdev.out" 2>&1
    rc=$?
    gpiosim_remove pvocaml
    [ $rc -eq 0 ] || { echo "status $rc"; cat "$ml_t/cdev.out"; return 1; }
    grep -q '^blink: done$' "$ml_t/cdev.out" || {
        echo "no 'blink: done'"
        return 1
    }
    # the level is unknown (x) until the tender requests the line
    ml_levels_are "$ml_t/cdev.vcd" led.pvled "x $BLINK20"
}
gpiosim check "ocaml example blink_ml on gpio-sim (cdev backend): 20 transitions" \
    ml_gpiosim_blink
