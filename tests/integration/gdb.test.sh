# SPDX-License-Identifier: ISC
# gdb.test.sh: --gdb (docs/debugging.md) with Debian's gdb in batch mode
# in the test VMs (the arm64 one runs Debian's arm64 gdb, unpacked by
# tests/vm/gdb-arm64.sh): the blink example waits at its first
# instruction, registers and memory read, a step advances, Ctrl-C stops
# it, `monitor gpio` shows its LED, and `continue` runs to the guest's
# exit status. Breakpoints are checked on aarch64 only: on x86_64 neither
# this machine's PVM nor the VM's nested SVM under QEMU TCG traps them
# for KVM's debugger (docs/debugging.md, "Breakpoints").

# gdb is $GDB (lib.sh); each case that needs it begins with need_gdb, so
# without it the case fails at once (before a tender waits for it).
if [ "$ARCH" = aarch64 ]; then
    PCR=pc
else
    PCR=rip
fi

# PORT ARGS...: gdb in batch mode on blink, attached to 127.0.0.1:PORT,
# with ARGS; gdb's output on stdout.
run_gdb() {
    gport=$1
    shift
    timeout "$TIMEOUT" "$GDB" -batch -nx \
        -ex "target remote 127.0.0.1:$gport" "$@" "$B/examples/blink.hvt" 2>&1
}

# OUT PORT ARGS...: as run_gdb, in the background, output in OUT; gpid
# is its process (timeout's, which passes a SIGINT on to gdb).
start_gdb() {
    gout=$1 gport=$2
    shift 2
    timeout "$TIMEOUT" "$GDB" -batch -nx \
        -ex "target remote 127.0.0.1:$gport" "$@" "$B/examples/blink.hvt" \
        >"$gout" 2>&1 &
    gpid=$!
}

# NAME PORT: blink 2 10 under --gdb=PORT in the background, its output in
# $TMPD/NAME-tender.out and its status in $TMPD/NAME-tender.rc; returns
# once it waits for the debugger (pid: its subshell).
start_blink() {
    : >"$TMPD/$1-tender.out"
    (
        "$PV" --gdb="$2" --gpio:led=sim:0 "$B/examples/blink.hvt" 2 10 \
            >"$TMPD/$1-tender.out" 2>&1
        echo $? >"$TMPD/$1-tender.rc"
    ) &
    pid=$!
    wait_for_line "$TMPD/$1-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/$1-tender.out"; return 1; }
}

# NAME: after the gdb session, the tender of NAME has ended and had a
# debugger.
end_blink() {
    wait "$pid"
    grep -q '^pinvisor: gdb: debugger connected$' "$TMPD/$1-tender.out" ||
        { cat "$TMPD/$1-tender.out"; return 1; }
}

# Runs blink under --gdb with the gdb commands of gdb_script; gdb's
# output in $TMPD/gdb.out, the tender's in $TMPD/gdb-tender.out and its
# status in $TMPD/gdb-tender.rc.
gdb_session() {
    need_gdb || return 1
    port=$((20000 + $$ % 20000))
    start_blink gdb "$port" || return 1
    set -- -ex "info registers $PCR"
    [ "$ARCH" = x86_64 ] && set -- "$@" -ex 'info registers fctrl'
    run_gdb "$port" "$@" -ex 'x/i $pc' -ex stepi -ex stepi \
        -ex "info registers $PCR" -ex bt -ex continue >"$TMPD/gdb.out"
    end_blink gdb
}

# REGEX...: each matches a line of gdb's output.
gdb_said() {
    gdb_said_in gdb "$@"
}

# NAME REGEX...: each matches a line of $TMPD/NAME.out.
gdb_said_in() {
    f=$TMPD/$1.out
    shift
    for re in "$@"; do
        grep -Eq -- "$re" "$f" ||
            { echo "no /$re/ in:"; cat "$f"; return 1; }
    done
}

# NAME N: gdb's output $TMPD/NAME.out shows N different pc values (each
# step advanced).
gdb_stepped() {
    n=$(grep -E "^$PCR +0x" "$TMPD/$1.out" | awk '{print $2}' | sort -u | wc -l)
    [ "$n" -eq "$2" ] || { cat "$TMPD/$1.out"; return 1; }
}

# NAME STATUS: the tender of session NAME exited with STATUS.
tender_status() {
    [ "$(cat "$TMPD/$1-tender.rc" 2>/dev/null)" = "$2" ] ||
        { echo "status $(cat "$TMPD/$1-tender.rc")"; cat "$TMPD/$1-tender.out"; return 1; }
}

# Breakpoints: a software one (brk #0) on solo5_gpio_output, which
# blink's solo5_app_main calls, and a hardware one on solo5_yield; the
# backtrace and pc at the first, stepi and next from it, the second, and
# blink run to its end. Output in $TMPD/gdbb.out.
gdb_break() {
    need_gdb || return 1
    port=$((20000 + ($$ + 3) % 20000))
    start_blink gdbb "$port" || return 1
    run_gdb "$port" -ex 'break solo5_gpio_output' -ex 'hbreak solo5_yield' \
        -ex continue -ex bt -ex 'info registers pc' \
        -ex stepi -ex 'info registers pc' -ex next -ex 'info registers pc' \
        -ex continue -ex delete -ex continue >"$TMPD/gdbb.out"
    end_blink gdbb
}

# Ctrl-C: gdb interrupts a running blink (SIGINT to gdb, which sends
# 0x03), reads the registers, and kills it (status 1).
gdb_interrupt() {
    need_gdb || return 1
    port=$((20000 + ($$ + 1) % 20000))
    : >"$TMPD/gdbi-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 100000 100 \
        >"$TMPD/gdbi-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbi-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbi-tender.out"; return 1; }
    start_gdb "$TMPD/gdbi.out" "$port" -ex continue \
        -ex "info registers $PCR" -ex kill || { kill "$pid"; return 1; }
    wait_for_line "$TMPD/gdbi-tender.out" '^blink: 100000 blinks' "$pid" ||
        { cat "$TMPD/gdbi-tender.out"; kill "$gpid" "$pid"; return 1; }
    kill -INT "$gpid"
    wait "$gpid"
    wait "$pid"
    rc=$?
    grep -q 'received signal SIGINT' "$TMPD/gdbi.out" &&
        grep -Eq "^$PCR +0x" "$TMPD/gdbi.out" &&
        [ "$rc" -eq 1 ] &&
        grep -q '^pinvisor: gdb: killed by the debugger$' \
            "$TMPD/gdbi-tender.out" ||
        { echo "status $rc"; cat "$TMPD/gdbi.out" "$TMPD/gdbi-tender.out"; return 1; }
}

# monitor (qRcmd): gdb interrupts a running blink traced to a VCD file
# (line 1 of its device granted but unused), shows the GPIO state, tries
# `monitor gpio set` on the guest's output and on the unused line, and
# an unknown command; then kills it. gdb's output in $TMPD/gdbm.out.
gdb_monitor() {
    need_gdb || return 1
    port=$((20000 + ($$ + 2) % 20000))
    : >"$TMPD/gdbm-tender.out"
    rm -f "$TMPD/gdbm.vcd"
    "$PV" --gdb="$port" --gpio-trace="$TMPD/gdbm.vcd" --gpio:led=sim:0,1 \
        "$B/examples/blink.hvt" 100000 100 >"$TMPD/gdbm-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbm-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbm-tender.out"; return 1; }
    start_gdb "$TMPD/gdbm.out" "$port" -ex continue \
        -ex 'monitor gpio' -ex 'monitor gpio set led 0 0' \
        -ex 'monitor gpio set led 1 1' -ex 'monitor gpio trace 1' \
        -ex 'monitor frobnicate 1' -ex kill || { kill "$pid"; return 1; }
    # Two LED records at least, so the interrupt finds one in the trace.
    wait_for_line "$TMPD/gdbm-tender.out" '^blink: 100000 blinks' "$pid" &&
        wait_for_line "$TMPD/gdbm.vcd" '^1!$' "$pid" ||
        { cat "$TMPD/gdbm-tender.out"; kill "$gpid" "$pid"; return 1; }
    kill -INT "$gpid"
    wait "$gpid"
    wait "$pid"
    grep -q 'received signal SIGINT' "$TMPD/gdbm.out" ||
        { cat "$TMPD/gdbm.out" "$TMPD/gdbm-tender.out"; return 1; }
}

# The first `monitor gpio` shows the LED (line 0) as an output at the
# level of the last trace record it lists, and the VCD file has that
# level at that time.
gdb_monitor_led() {
    set -- $(awk '
        /^gpio device / { n++ }
        n == 1 && /^  0 GPIO0 offset 0: output, / { lvl = $NF }
        n == 1 && /^  [0-9]+ led\.GPIO0 [01]$/ { t = $1; tl = $3 }
        END { print lvl, t, tl }' "$TMPD/gdbm.out")
    [ $# -eq 3 ] && [ "$1" = "$3" ] &&
        grep -A1 -x "#$2" "$TMPD/gdbm.vcd" | grep -qx "$1!" ||
        { echo "level '${1:-}', last record at '${2:-}' ns: '${3:-}'";
          cat "$TMPD/gdbm.out"; return 1; }
}

check "gdb: monitor gpio on an interrupted blink (trace, sim lines)" \
    gdb_monitor &&
    check "gdb: monitor gpio shows the LED at the level the trace says" \
        gdb_monitor_led &&
    check "gdb: monitor gpio lists the ring's pending requests" \
        gdb_said_in gdbm '^ring: [0-9]+ pending requests? \(head [0-9]+, tail [0-9]+\)$' &&
    check "gdb: monitor gpio set on the guest's output is refused" \
        gdb_said_in gdbm "^gpio set: refused: 'led' line 0 is an output the guest drives$" &&
    check "gdb: monitor gpio set drives a sim line the guest leaves alone" \
        gdb_said_in gdbm "^gpio: 'led' line 1 set to 1$" \
        '^  [0-9]+ led\.GPIO1 1$' &&
    check "gdb: an unknown monitor command is named, not run" \
        gdb_said_in gdbm "^unknown monitor command 'frobnicate' \(try: monitor help\)$"

check "gdb: Ctrl-C stops a running guest; kill ends the tender (1)" \
    gdb_interrupt

check "gdb: blink waits for gdb, which attaches at the first instruction" \
    gdb_session &&
    check "gdb: the guest waits at its entry, _start" \
        gdb_said "^$PCR +0x[0-9a-f]+ +0x[0-9a-f]+ <_start>\$" &&
    if [ "$ARCH" = x86_64 ]; then
        check "gdb: FPU state reads: fctrl at its reset value 0x37f" \
            gdb_said '^fctrl +0x37f '
    fi &&
    check "gdb: memory reads: x/i disassembles the first instruction" \
        gdb_said '^=> 0x[0-9a-f]+ <_start>:' &&
    check "gdb: the backtrace after two steps names _start" \
        gdb_said '^#0 +(0x[0-9a-f]+ in )?_start \(' &&
    check "gdb: stepi advances the pc" gdb_stepped gdb 2 &&
    check "gdb: continue runs to the exit, status 0" \
        gdb_said 'exited normally' &&
    check "gdb: the tender exits 0, the guest done" tender_status gdb 0

if [ "$ARCH" = aarch64 ]; then
    check "gdb: breakpoints on blink (brk #0 and a hardware one)" gdb_break &&
        check "gdb: a software breakpoint on solo5_gpio_output is hit" \
            gdb_said_in gdbb '^Breakpoint 1, solo5_gpio_output \(' &&
        check "gdb: bt at the breakpoint names the caller, solo5_app_main" \
            gdb_said_in gdbb '^#1 +0x[0-9a-f]+ in solo5_app_main \(' &&
        check "gdb: info registers shows the pc at the breakpoint" \
            gdb_said_in gdbb '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <solo5_gpio_output>$' &&
        check "gdb: stepi and next from the breakpoint each advance the pc" \
            gdb_stepped gdbb 3 &&
        check "gdb: a hardware breakpoint on solo5_yield is hit" \
            gdb_said_in gdbb '^Breakpoint 2, solo5_yield \(' &&
        check "gdb: continue after delete runs blink to its exit, status 0" \
            gdb_said_in gdbb 'exited normally' &&
        check "gdb: the tender of the breakpoint session exits 0" \
            tender_status gdbb 0
fi

# Detach: gdb lets blink go (`detach`) after a breakpoint was hit on
# aarch64 (brk #0 in its text), after a step on x86_64; the stub takes
# its breakpoints out of guest memory and turns KVM's debugging off, and
# blink runs to its end, status 0. gdb's output in $TMPD/gdbd.out.
gdb_detach() {
    need_gdb || return 1
    port=$((20000 + ($$ + 4) % 20000))
    : >"$TMPD/gdbd-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 2 10 \
        >"$TMPD/gdbd-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbd-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbd-tender.out"; return 1; }
    if [ "$ARCH" = aarch64 ]; then
        set -- -ex 'break solo5_gpio_output' -ex continue
    else
        set -- -ex stepi
    fi
    run_gdb "$port" "$@" -ex detach >"$TMPD/gdbd.out" ||
        { kill "$pid"; cat "$TMPD/gdbd.out"; return 1; }
    # A breakpoint left in the text would stop blink for good: bounded.
    wait_end "$TIMEOUT" || { cat "$TMPD/gdbd-tender.out"; return 1; }
    echo "$rc" >"$TMPD/gdbd-tender.rc"
    grep -q '^pinvisor: gdb: debugger connected$' "$TMPD/gdbd-tender.out" ||
        { cat "$TMPD/gdbd-tender.out"; return 1; }
}

# Detach with a breakpoint still in the text, which gdb never does (it
# takes its own out before D): tests/tools/gdb-stall --detach-at inserts
# one on solo5_gpio_output (Z0), lets blink hit it (c) and detaches (D).
# Only the stub's detach takes the brk #0 out; blink runs to its end,
# status 0. aarch64 only: on x86_64 breakpoints do not fire in the test
# VM (the unit test covers the stub's detach there). The raw client's
# output in $TMPD/gdbr.out.
gdb_detach_raw() {
    need_gdb || return 1
    addr=$(timeout "$TIMEOUT" "$GDB" -batch -nx \
        -ex 'info address solo5_gpio_output' "$B/examples/blink.hvt" 2>&1 |
        sed -n 's/.* is a function at address 0x\([0-9a-f]*\)\.$/\1/p')
    [ -n "$addr" ] || { echo "no address for solo5_gpio_output"; return 1; }
    port=$((20000 + ($$ + 8) % 20000))
    : >"$TMPD/gdbr-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 2 10 \
        >"$TMPD/gdbr-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbr-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbr-tender.out"; return 1; }
    timeout "$TIMEOUT" "$B/tests/tools/gdb-stall" --detach-at "$addr" \
        "$port" >"$TMPD/gdbr.out" 2>&1 ||
        { kill "$pid"; cat "$TMPD/gdbr.out" "$TMPD/gdbr-tender.out"; return 1; }
    # The brk left in the text would stop blink for good: bounded.
    wait_end "$TIMEOUT" || { cat "$TMPD/gdbr-tender.out"; return 1; }
    echo "$rc" >"$TMPD/gdbr-tender.rc"
}

# A debugger that goes away without a word: gdb kills itself (SIGKILL,
# from its `shell`) while blink is stopped at a breakpoint (aarch64:
# brk #0 in its text) or after a step (x86_64). The stub takes its
# breakpoints out and turns debugging off as for a detach, and blink runs
# to its end, status 0. gdb's output in $TMPD/gdbg.out.
gdb_gone() {
    need_gdb || return 1
    port=$((20000 + ($$ + 7) % 20000))
    : >"$TMPD/gdbg-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 2 10 \
        >"$TMPD/gdbg-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbg-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbg-tender.out"; return 1; }
    # always-inserted: gdb leaves the brk in the text while blink stops.
    if [ "$ARCH" = aarch64 ]; then
        set -- -ex 'set breakpoint always-inserted on' \
            -ex 'break solo5_gpio_output' -ex continue
    else
        set -- -ex stepi
    fi
    run_gdb "$port" "$@" -ex 'shell kill -KILL $PPID' >"$TMPD/gdbg.out"
    wait_end "$TIMEOUT" || { cat "$TMPD/gdbg-tender.out"; return 1; }
    echo "$rc" >"$TMPD/gdbg-tender.rc"
}

# S: waits up to S s for the process $pid to end; its status in rc.
# False (after killing it) if it did not.
wait_end() {
    we_end=$(($(date +%s) + $1))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$we_end" ]; then
            kill -KILL "$pid"
            wait "$pid"
            echo "still running after $1 s"
            return 1
        fi
        sleep 0.1
    done
    wait "$pid"
    rc=$?
}

# SIGTERM while the tender waits for the debugger to connect: status 1
# and, after the waiting line, exactly one line saying so.
gdb_sigterm_waiting() {
    port=$((20000 + ($$ + 5) % 20000))
    : >"$TMPD/gdbw-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0:safe=1 "$B/examples/blink.hvt" 2 10 \
        >"$TMPD/gdbw-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbw-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbw-tender.out"; return 1; }
    kill -TERM "$pid"
    wait_end "$TIMEOUT" || return 1
    want="pinvisor: stopped by SIGTERM while waiting for the debugger"
    want="$want (--gdb, 127.0.0.1:$port): the guest never ran, GPIO outputs safe"
    [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/gdbw-tender.out")" -eq 2 ] &&
        [ "$(sed -n 2p "$TMPD/gdbw-tender.out")" = "$want" ] ||
        { echo "status $rc"; cat "$TMPD/gdbw-tender.out"; return 1; }
}

# A debugger that stops reading (tests/tools/gdb-stall: it interrupts a
# running blink, then asks for memory without reading the replies until
# the stub is stuck sending): SIGTERM still ends the tender (status 1)
# through the exit path, and the LED (safe=1) ends at its safe level in
# the trace, in a record written after the kill. The trace records
# changes only, so the guest is stopped while the LED is low: blink
# holds each level 2 s, and the interrupt goes out as soon as the trace
# shows a fall. By the kill the guest has been stopped 3 s and more and
# the trace written out (every 50 ms): the records before it are all in
# the file, the last one low.
gdb_stalled() {
    port=$((20000 + ($$ + 6) % 20000))
    : >"$TMPD/gdbs-tender.out"
    rm -f "$TMPD/gdbs.vcd"
    "$PV" --gdb="$port" --gpio-trace="$TMPD/gdbs.vcd" \
        --gpio:led=sim:0:safe=1 "$B/examples/blink.hvt" 100000 4000 \
        >"$TMPD/gdbs-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbs-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbs-tender.out"; return 1; }
    "$B/tests/tools/gdb-stall" "$port" >"$TMPD/gdbs.out" 2>&1 &
    spid=$!
    wait_for_line "$TMPD/gdbs-tender.out" '^blink: 100000 blinks' "$pid" &&
        wait_for_line "$TMPD/gdbs.vcd" '^1!$' "$pid" ||
        { cat "$TMPD/gdbs-tender.out" "$TMPD/gdbs.out"; kill "$spid" "$pid"; return 1; }
    falls=$(grep -c '^0!$' "$TMPD/gdbs.vcd")
    gs_end=$(($(date +%s) + TIMEOUT))
    while [ "$(grep -c '^0!$' "$TMPD/gdbs.vcd")" -le "$falls" ]; do
        [ "$(date +%s)" -lt "$gs_end" ] && kill -0 "$pid" 2>/dev/null ||
            { echo "no fall of the LED"; cat "$TMPD/gdbs-tender.out"; kill "$spid" "$pid"; return 1; }
        sleep 0.05
    done
    kill -USR1 "$spid"
    wait_for_line "$TMPD/gdbs.out" '^stalled$' "$spid" ||
        { cat "$TMPD/gdbs.out" "$TMPD/gdbs-tender.out"; kill "$spid" "$pid"; return 1; }
    before=$(sh scripts/vcd-timeline.sh "$TMPD/gdbs.vcd" led.GPIO0 | wc -l)
    low=$(sh scripts/vcd-timeline.sh "$TMPD/gdbs.vcd" led.GPIO0 | tail -n 1 |
        awk '{ print $NF }')
    kill -TERM "$pid"
    wait_end "$TIMEOUT" || { kill "$spid"; cat "$TMPD/gdbs-tender.out"; return 1; }
    kill "$spid"
    wait "$spid"
    after=$(sh scripts/vcd-timeline.sh "$TMPD/gdbs.vcd" led.GPIO0 | wc -l)
    last=$(sh scripts/vcd-timeline.sh "$TMPD/gdbs.vcd" led.GPIO0 | tail -n 1 |
        awk '{ print $NF }')
    [ "$rc" -eq 1 ] && [ "$low" = 0 ] && [ "$after" -eq $((before + 1)) ] &&
        [ "$last" = 1 ] &&
        grep -qx 'pinvisor: stopped by SIGTERM' "$TMPD/gdbs-tender.out" ||
        { echo "status $rc, LED records $before before the kill (the last at '$low'), $after after, the last level '$last'"
          cat "$TMPD/gdbs-tender.out"; return 1; }
}

check "gdb: detach lets the guest run on unmodified to its end" gdb_detach &&
    if [ "$ARCH" = aarch64 ]; then
        check "gdb: the breakpoint before the detach was hit" \
            gdb_said_in gdbd '^Breakpoint 1, solo5_gpio_output \('
    fi &&
    check "gdb: after the detach blink ends, status 0" \
        gdb_said_in gdbd-tender '^blink: done$' &&
    check "gdb: the tender of the detach session exits 0" tender_status gdbd 0

if [ "$ARCH" = aarch64 ]; then
    check "gdb: aarch64: D with a Z0 breakpoint in: the stub takes it out" \
        gdb_detach_raw &&
        check "gdb: aarch64: the breakpoint before the raw D was hit" \
            gdb_said_in gdbr '^c: T05swbreak:;$' &&
        check "gdb: aarch64: after the raw D blink ends, status 0" \
            gdb_said_in gdbr-tender '^blink: done$' &&
        check "gdb: aarch64: the tender of the raw detach exits 0" \
            tender_status gdbr 0
fi

check "gdb: a debugger killed mid-session leaves the guest to run on" gdb_gone &&
    if [ "$ARCH" = aarch64 ]; then
        check "gdb: the breakpoint before the debugger died was hit" \
            gdb_said_in gdbg '^Breakpoint 1, solo5_gpio_output \('
    fi &&
    check "gdb: the tender says the debugger has gone" \
        gdb_said_in gdbg-tender '^pinvisor: gdb: the debugger has gone; the guest runs on$' &&
    check "gdb: after the debugger died blink ends, status 0" \
        gdb_said_in gdbg-tender '^blink: done$' &&
    check "gdb: the tender whose debugger died exits 0" tender_status gdbg 0

# A missing gdb fails the cases that need it (never a skip, never a
# wait): this file's and dumpcore.test.sh's, run nested with TEST_GDB
# naming no program. The cases that need no gdb stay out of that run.
gdb_missing() {
    TEST_GDB=$TMPD/no-such-gdb ONLY=gdb FILES="gdb dumpcore" PHASE=kvm \
        RESULTS= PROGRESS= HEARTBEAT= RESUME_AT= RESUME_PAST= I_PASSED=0 \
        I_FAILED=0 I_SKIPPED=0 timeout "$TIMEOUT" tests/integration/run.sh \
        --inner >"$TMPD/gdbx.out" 2>&1
    # The heads that need gdb say so: blink's sessions (monitor, Ctrl-C,
    # attach, detach, gone; on aarch64 breakpoints and the raw detach
    # too) and dumpcore's 4
    # backtraces; the cases chained to them fail too.
    n=9
    [ "$ARCH" = aarch64 ] && n=11
    grep -Eq '^integration \[kvm\]: 0 passed, [1-9][0-9]* failed, 0 skipped$' \
        "$TMPD/gdbx.out" &&
        [ "$(grep -c '^FAIL .*no gdb here: ' "$TMPD/gdbx.out")" -eq "$n" ] ||
        { cat "$TMPD/gdbx.out"; return 1; }
}
if [ -z "${TEST_GDB:-}" ]; then
    check "gdb: SIGTERM while waiting for the debugger: status 1, one line" \
        gdb_sigterm_waiting
    check "gdb: a debugger that stopped reading: SIGTERM ends the tender, LED safe" \
        gdb_stalled
    nokvm check "gdb: without gdb the cases that need it fail, never skip" \
        gdb_missing
fi

nokvm expect "gdb: --gdb=0 is a usage error (2)" 2 \
    --out '^pinvisor: --gdb=0: the port must be a number from 1 to 65535 ' \
    -- "$PV" --gdb=0 "$B/examples/blink.hvt"
nokvm expect "gdb: --gdb-port=x is a usage error (2)" 2 \
    --out '^pinvisor: --gdb-port=x: the port must be a number from 1 to 65535 ' \
    -- "$PV" --gdb-port=x "$B/examples/blink.hvt"
