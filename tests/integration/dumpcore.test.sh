# SPDX-License-Identifier: ISC
# dumpcore.test.sh: --dumpcore[=DIR] (docs/debugging.md): a guest that
# faults or aborts leaves DIR/core.solo5-hvt.PID, which gdb opens with
# the unikernel's image; no other exit leaves a file; in both modes.

# gdb ($GDB, lib.sh) reads the cores in both test VMs (the arm64 one runs
# Debian's arm64 gdb, unpacked by tests/vm/gdb-arm64.sh).

# The core file the last case named on its exit line.
last_core() {
    sed -n 's/^pinvisor: dumpcore: guest core (.*) written to \([^ ]*\)$/\1/p' \
        "$LAST_OUT"
}

# The program counter of the fault as the exit line printed it, and as
# NT_PRSTATUS holds it (the first note, at byte 196 of the file; pr_reg
# at 112 in struct elf_prstatus; rip is register 16, pc register 32).
core_pc_matches() {
    core=$(last_core)
    [ -s "$core" ] || { echo "no core file named: $(cat "$LAST_OUT")"; return 1; }
    if [ "$ARCH" = aarch64 ]; then
        want=$(sed -n 's/^pinvisor: pc=\(0x[0-9a-f]*\) sp=.*/\1/p' "$LAST_OUT")
        off=$((196 + 112 + 32 * 8))
    else
        want=$(sed -n 's/^pinvisor: rip=\(0x[0-9a-f]*\) .*/\1/p' "$LAST_OUT")
        off=$((196 + 112 + 16 * 8))
    fi
    got=$(od -A n -t x8 -j "$off" -N 8 "$core" | tr -d ' ')
    [ -n "$want" ] && [ "$((want))" = "$((0x$got))" ] ||
        { echo "fault pc $want, core pc 0x$got"; return 1; }
}

# IMAGE REGEX...: gdb's backtrace from the last core matches each REGEX.
core_bt() {
    need_gdb || return 1
    img=$1
    shift
    core=$(last_core)
    "$GDB" -batch -nx -ex bt "$img" "$core" >"$TMPD/bt.out" 2>&1
    for re in "$@"; do
        grep -Eq -- "$re" "$TMPD/bt.out" || { cat "$TMPD/bt.out"; return 1; }
    done
}

# PATH as an absolute path (the cases below change directory).
abspath() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }

# DIR: the directory holds no file.
dir_empty() {
    [ -z "$(ls -A "$1")" ] || { ls -l "$1"; return 1; }
}

for m in native solo5; do
    sfx=""
    [ $m = solo5 ] && sfx=.solo5
    d="$TMPD/cores-$m"
    rm -rf "$d" && mkdir -p "$d"

    expect "dumpcore $m: a page fault leaves a core, named on stderr" 255 \
        --out "^pinvisor: dumpcore: guest core \\([0-9]+ of [0-9]+ pages\\) written to $d/core\\.solo5-hvt\\.[0-9]+$" \
        -- "$PV" --dumpcore="$d" "$G/exception$sfx.hvt" &&
        check "dumpcore $m: the core's pc is the page fault's" core_pc_matches &&
        check "dumpcore $m: gdb's backtrace of the fault starts in solo5_app_main" \
            core_bt "$G/exception$sfx.hvt" \
            '^#0 +(0x[0-9a-f]+ in )?solo5_app_main \(.*exception\.c:16$' \
            '^#1 +0x[0-9a-f]+ in _start \('
    rm -f "$d"/core.*

    expect "dumpcore $m: solo5_abort() leaves a core" 255 \
        --out "^pinvisor: dumpcore: guest core \\(.*\\) written to $d/core\\.solo5-hvt\\.[0-9]+$" \
        -- "$PV" --dumpcore="$d" "$G/abort$sfx.hvt" &&
        check "dumpcore $m: gdb's backtrace of the abort names solo5_abort and its caller" \
            core_bt "$G/abort$sfx.hvt" '^#[0-9]+ .* solo5_abort \(' \
            '^#[0-9]+ .* solo5_app_main \(.* at tests/guests/abort/abort\.c:12$'
    rm -f "$d"/core.*

    expect "dumpcore $m: a normal exit leaves no core" 0 \
        --out '^SUCCESS$' --not 'dumpcore' \
        -- "$PV" --dumpcore="$d" "$G/hello$sfx.hvt" Hello_Solo5 &&
        check "dumpcore $m: the directory is empty after a normal exit" \
            dir_empty "$d"

    expect "dumpcore $m: without --dumpcore a fault leaves no core" 255 \
        --not 'dumpcore' -- sh -c 'cd "$1" && exec "$2" "$3"' sh "$d" \
        "$(abspath "$PV")" "$(abspath "$G/exception$sfx.hvt")" &&
        check "dumpcore $m: no file in the working directory without --dumpcore" \
            dir_empty "$d"
done

d="$TMPD/cores-cwd"
rm -rf "$d" && mkdir -p "$d"
expect "dumpcore: bare --dumpcore writes to the working directory" 255 \
    --out '^pinvisor: dumpcore: guest core \(.*\) written to \./core\.solo5-hvt\.[0-9]+$' \
    -- sh -c 'cd "$1" && exec "$2" --dumpcore "$3"' sh "$d" \
    "$(abspath "$PV")" "$(abspath "$G/exception.hvt")"
expect "dumpcore: a directory that does not exist is a tender error (1)" 1 \
    --out '^pinvisor: dumpcore: cannot open directory /nonexistent/cores: No such file or directory$' \
    -- "$PV" --dumpcore=/nonexistent/cores "$G/exception.hvt"
nokvm expect "dumpcore: --dumpcore= with no directory is a usage error (2)" 2 \
    --out "^pinvisor: --dumpcore=: bad directory name " \
    -- "$PV" --dumpcore= "$G/exception.hvt"
