# SPDX-License-Identifier: ISC
# gdb.test.sh: --gdb (docs/debugging.md) with Debian's gdb in batch mode,
# in the x86_64 test VM (the arm64 one has no gdb): the blink example
# waits at its first instruction, registers and memory read, a step
# advances, and `continue` runs to the guest's exit status. Breakpoints
# are not checked: neither this machine's PVM nor the VM's nested SVM
# traps them for KVM's debugger (docs/debugging.md).

# Runs blink under --gdb with the gdb commands of gdb_script; gdb's
# output in $TMPD/gdb.out, the tender's in $TMPD/gdb-tender.out and its
# status in $TMPD/gdb-tender.rc.
gdb_session() {
    command -v gdb >/dev/null ||
        { echo "gdb is not installed here (scripts/deps.sh)"; return 1; }
    port=$((20000 + $$ % 20000))
    : >"$TMPD/gdb-tender.out"
    (
        "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 2 10 \
            >"$TMPD/gdb-tender.out" 2>&1
        echo $? >"$TMPD/gdb-tender.rc"
    ) &
    pid=$!
    wait_for_line "$TMPD/gdb-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdb-tender.out"; return 1; }
    timeout "$TIMEOUT" gdb -batch -nx \
        -ex "target remote 127.0.0.1:$port" \
        -ex 'info registers rip' -ex 'info registers fctrl' \
        -ex 'x/i $pc' -ex stepi -ex stepi \
        -ex 'info registers rip' -ex bt -ex continue \
        "$B/examples/blink.hvt" >"$TMPD/gdb.out" 2>&1
    wait "$pid"
    grep -q '^pinvisor: gdb: debugger connected$' "$TMPD/gdb-tender.out" ||
        { cat "$TMPD/gdb-tender.out"; return 1; }
}

# REGEX...: each matches a line of gdb's output.
gdb_said() {
    for re in "$@"; do
        grep -Eq -- "$re" "$TMPD/gdb.out" ||
            { echo "no /$re/ in:"; cat "$TMPD/gdb.out"; return 1; }
    done
}

# The two rip values gdb printed differ (the step advanced).
gdb_stepped() {
    n=$(grep -E '^rip +0x' "$TMPD/gdb.out" | awk '{print $2}' | sort -u | wc -l)
    [ "$n" -eq 2 ] || { cat "$TMPD/gdb.out"; return 1; }
}

tender_status() {
    [ "$(cat "$TMPD/gdb-tender.rc" 2>/dev/null)" = "$1" ] ||
        { echo "status $(cat "$TMPD/gdb-tender.rc")"; cat "$TMPD/gdb-tender.out"; return 1; }
}

# Ctrl-C: gdb interrupts a running blink (SIGINT to gdb, which sends
# 0x03), reads the registers, and kills it (status 1).
gdb_interrupt() {
    port=$((20000 + ($$ + 1) % 20000))
    : >"$TMPD/gdbi-tender.out"
    "$PV" --gdb="$port" --gpio:led=sim:0 "$B/examples/blink.hvt" 100000 100 \
        >"$TMPD/gdbi-tender.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/gdbi-tender.out" '^pinvisor: gdb: waiting' "$pid" ||
        { cat "$TMPD/gdbi-tender.out"; return 1; }
    timeout "$TIMEOUT" gdb -batch -nx \
        -ex "target remote 127.0.0.1:$port" -ex continue \
        -ex 'info registers rip' -ex kill \
        "$B/examples/blink.hvt" >"$TMPD/gdbi.out" 2>&1 &
    gpid=$!
    wait_for_line "$TMPD/gdbi-tender.out" '^blink: 100000 blinks' "$pid" ||
        { cat "$TMPD/gdbi-tender.out"; return 1; }
    kill -INT "$gpid"
    wait "$gpid"
    wait "$pid"
    rc=$?
    grep -q 'received signal SIGINT' "$TMPD/gdbi.out" &&
        grep -Eq '^rip +0x' "$TMPD/gdbi.out" &&
        [ "$rc" -eq 1 ] &&
        grep -q '^pinvisor: gdb: killed by the debugger$' \
            "$TMPD/gdbi-tender.out" ||
        { echo "status $rc"; cat "$TMPD/gdbi.out" "$TMPD/gdbi-tender.out"; return 1; }
}

if [ "$ARCH" = x86_64 ]; then
    check "gdb: Ctrl-C stops a running guest; kill ends the tender (1)" \
        gdb_interrupt

    check "gdb: blink waits for gdb, which attaches at the first instruction" \
        gdb_session &&
        check "gdb: the guest waits at its entry, _start" \
            gdb_said '^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <_start>$' &&
        check "gdb: FPU state reads: fctrl at its reset value 0x37f" \
            gdb_said '^fctrl +0x37f ' &&
        check "gdb: memory reads: x/i disassembles the first instruction" \
            gdb_said '^=> 0x[0-9a-f]+ <_start>:' &&
        check "gdb: the backtrace after two steps names _start" \
            gdb_said '^#0 +(0x[0-9a-f]+ in )?_start \(' &&
        check "gdb: stepi advances rip" gdb_stepped &&
        check "gdb: continue runs to the exit, status 0" \
            gdb_said 'exited normally' &&
        check "gdb: the tender exits 0, the guest done" tender_status 0
fi

nokvm expect "gdb: --gdb=0 is a usage error (2)" 2 \
    --out '^pinvisor: --gdb=0: the port must be a number from 1 to 65535 ' \
    -- "$PV" --gdb=0 "$B/examples/blink.hvt"
nokvm expect "gdb: --gdb-port=x is a usage error (2)" 2 \
    --out '^pinvisor: --gdb-port=x: the port must be a number from 1 to 65535 ' \
    -- "$PV" --gdb-port=x "$B/examples/blink.hvt"
