# SPDX-License-Identifier: ISC
# guests.test.sh: Solo5's test table for guests without devices (console,
# memory layout and protection, TLS, stack protector, clocks, FPU, exit
# statuses, HALT cookie), in native mode and in Solo5 mode.

# Every line of the output guest arrives, in order, with the last one.
output_lines_complete() {
    n=$(grep -Ec '^output line [0-9]+ of 48: [a-zA-Z0-9]{44}$' "$LAST_OUT")
    if [ "$n" -ne 48 ]; then
        echo "$n of 48 lines arrived"
        return 1
    fi
    awk 'BEGIN { for (i = 1; i <= 48; i++) printf "output line %02d of 48\n", i }' \
        >"$TMPD/want.lines"
    grep -o '^output line [0-9]* of 48' "$LAST_OUT" >"$TMPD/got.lines"
    cmp -s "$TMPD/want.lines" "$TMPD/got.lines" || {
        echo "lines out of order"
        return 1
    }
}


for m in native solo5; do
    sfx=""
    [ $m = solo5 ] && sfx=.solo5

    expect "output $m: 3 KB of console output arrive in full" 0 \
        --out '^output line 48 of 48: ' --out '^SUCCESS$' \
        --out '^Solo5: solo5_exit\(0\) called$' \
        -- "$PV" "$G/output$sfx.hvt" &&
        check "output $m: every line arrives once, in order" \
            output_lines_complete

    expect "globals $m: .data initialised and writable, .bss zero" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/globals$sfx.hvt"

    expect "exception $m: write to 16 GiB is a page fault (255)" 255 \
        --out "${FAULT_UNMAPPED}.*address 0x400000000$" \
        --not FAILURE --not SUCCESS -- "$PV" "$G/exception$sfx.hvt"

    expect "zeropage $m: write to address 8 is a page fault (255)" 255 \
        --out "${FAULT_UNMAPPED}.*address 0x8$" \
        --not FAILURE --not SUCCESS -- "$PV" "$G/zeropage$sfx.hvt"

    expect "notls $m: __thread access with TLS base 0 faults (255)" 255 \
        --out '^pinvisor: guest fault: ' \
        --not FAILURE --not SUCCESS -- "$PV" "$G/notls$sfx.hvt"

    expect "tls $m: two TLS blocks initialised and switched" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/tls$sfx.hvt"

    expect "ssp $m: stack smash is detected (255)" 255 \
        --out '^Solo5: Stack corruption detected$' \
        --not FAILURE --not SUCCESS -- "$PV" "$G/ssp$sfx.hvt"

    expect "abort $m: solo5_abort() gives status 255" 255 \
        --out '^Solo5: solo5_abort\(\) called$' \
        --not 'solo5_exit' -- "$PV" "$G/abort$sfx.hvt"

    for st in 0 1 42 254; do
        expect "exitcodes $m: status $st passes through" "$st" \
            --out "^SUCCESS: exiting with status $st$" \
            --out "^Solo5: solo5_exit\\($st\\) called$" \
            -- "$PV" "$G/exitcodes$sfx.hvt" "$st"
    done
    expect "exitcodes $m: reserved status 300 is reported as 255" 255 \
        --out '^SUCCESS: exiting with status 300$' \
        -- "$PV" "$G/exitcodes$sfx.hvt" 300
    expect "exitcodes $m: negative status is reported as 255" 255 \
        --out '^SUCCESS: exiting with status -1$' \
        -- "$PV" "$G/exitcodes$sfx.hvt" -1

    expect "halt_cookie $m: trap-frame cookie is printed, status 255" 255 \
        --out "$TRAP_FRAME" --not FAILURE -- "$PV" "$G/halt_cookie$sfx.hvt"
    expect "halt_cookie $m: cookie crossing the end of memory is refused" 1 \
        --out '^pinvisor: guest memory violation: HALT cookie at 0x3ffff00 ' \
        --not 'guest trap frame' --not FAILURE \
        -- "$PV" --mem=64 "$G/halt_cookie$sfx.hvt" outside 64
done

# Executable memory is not writable. Native mode: the guest page tables
# map .text read-only, a page fault. Solo5 mode: .text is writable in the
# guest page tables (as on solo5-hvt) but read-only on the host, which
# KVM reports as EFAULT or, on PVM hosts, as an MMIO exit; either way the
# tender stops with a translation fault and status 1, like solo5-hvt.
expect "xnow native: write to .text is a page fault (255)" 255 \
    --out "$FAULT_RO" \
    --not FAILURE --not SUCCESS -- "$PV" "$G/xnow.hvt"
expect "xnow solo5: write to .text is a translation fault (1)" 1 \
    --out '^pinvisor: host/guest translation fault' \
    --not FAILURE --not SUCCESS -- "$PV" "$G/xnow.solo5.hvt"

# time: Solo5's 5 x 1 s yields, each within +-200 ms. Solo5 mode on PVM
# hosts runs in KVM's instruction emulator: 3 x 100 ms there ("quick",
# see tests/guests/time/time.c).
# In the arm64 test VM (nested KVM under TCG) guest exits are slow and
# uneven (two took 23 ms there): the quick, looser variant runs there.
if [ "${VM_ARCH:-}" = aarch64 ]; then
    expect "time native: clocks advance, 3 x 100 ms yields (arm64 VM)" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/time.hvt" quick
else
    expect "time native: clocks advance, 5 x 1 s yields within 200 ms" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/time.hvt"
fi
if is_pvm_host || [ "${VM_ARCH:-}" = aarch64 ]; then
    expect "time solo5: clocks advance, 3 x 100 ms yields (PVM)" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/time.solo5.hvt" quick
else
    expect "time solo5: clocks advance, 5 x 1 s yields within 200 ms" 0 \
        --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/time.solo5.hvt"
fi

# fpu is built for native mode only (tests/guests/fpu/MODES): Solo5-mode
# code runs at CPL 0, which PVM hosts emulate without SSE.
expect "fpu native: $FPU arithmetic" 0 \
    --out '^SUCCESS$' --not FAILURE -- "$PV" "$G/fpu.hvt"

# Running a unikernel directly fails: its PT_INTERP does not exist.
expect "noexec: a .hvt cannot be executed by the host (127)" 127 \
    --not 'SUCCESS' -- sh -c "$G/hello.hvt"
