# SPDX-License-Identifier: ISC
# faults.test.sh: the tender under faults an operator, a supervisor or
# the host may cause (docs/security.md, docs/gpio.md): each case checks
# the exact status, the one message, the line's safe level and the files
# the tender was given.

# --- Exits (signals, limits, closed fds, inputs, block)
# The guest is tests/guests/fault_exits (GPIO "led" and BLOCK "storage").
# On sim the LED's levels come from the trace. On gpio-sim the LED's
# level is read in sysfs while the tender still holds the line at its
# exit, stopped where it releases it (gpiosim_held_*, lib.sh): gpio-sim
# returns a released line to its pull, so sysfs after the exit could not
# tell a safe exit from a death. The cases that end the guest normally
# grant the LED with safe=1, so that its safe level differs from its
# last driven one (0). Each case pulls the line (fx_pull) to the level
# other than its safe one, and checks that the tender was still held
# after the read: a read after the release fails.
FX="$TMPD/exits"
FXG="$G/fault_exits.hvt"
FXLED="--gpio:led=sim:0"
FXNAME=led.GPIO0
mkdir -p "$FX"

# The bounds of docs/architecture.md ("Exit paths") and docs/gpio.md
# ("Traces"), checked loosely: a stop signal reaches the safe state
# within 50 ms with stderr or stdout stalled, and as fast as without a
# trace with the trace's FIFO stalled; the tender ends within 100 ms more
# per message, or 1 s more for the trace. Guest and tender code run
# 30-100x slower in the test VMs: ceilings of 200x the safe state's bound,
# 20 s for the end, far below a tender that waits for its reader.
FX_SAFE_MS=10000
FX_END_MS=20000

# Milliseconds since boot (/proc/uptime: 10 ms steps).
fx_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# VCD WANT: the LED's levels in VCD are exactly WANT ("0 1 0").
fx_levels_are() {
    [ -s "$1" ] || { echo "no trace $1"; return 1; }
    got=$(sh scripts/vcd-timeline.sh "$1" "$FXNAME" |
        awk '{ printf "%s%s", sep, $4; sep = " " } END { print "" }')
    [ "$got" = "$2" ] || { echo "$FXNAME: levels '$got', expected '$2'"; return 1; }
}

# A fresh empty block image of 1 MiB.
fx_image() { rm -f "$FX/img" && truncate -s 1048576 "$FX/img"; }

# CMD...: starts CMD in the background, sets pid; on gpio-sim under
# gpiosim_held_start (lib.sh), to be stopped where it releases the LED.
# Redirections of the call apply to CMD.
fx_start() {
    if [ -n "${FXSYS:-}" ]; then
        gpiosim_held_start "$@"
        pid=$GH_PID
    else
        "$@" &
        pid=$!
    fi
}

# LEVEL: on gpio-sim, pulls the LED's line to LEVEL (pull-up for 1,
# pull-down for 0), what it reads once released; FXPULL=LEVEL.
fx_pull() {
    FXPULL=$1
    [ -n "${FXSYS:-}" ] || return 0
    if [ "$1" = 1 ]; then p=pull-up; else p=pull-down; fi
    echo "$p" >"$FXSYS/sim_gpio0/pull"
}

# gpio-sim: the LED's level in sysfs is WANT.
fx_sysfs_is() {
    got=$(cat "$FXSYS/sim_gpio0/value")
    [ "$got" = "$1" ] || { echo "sysfs shows the LED at $got, expected $1"; return 1; }
}

# WANT: on gpio-sim, waits until the tender (of fx_start) stops where it
# releases the LED, checks that sysfs shows the LED there at WANT (its
# safe level, applied and still held: the tender is still stopped there
# after the read), then lets it go on; sets fx_held
# to the time (fx_ms) it was seen there. On sim: nothing (the trace
# says it).
fx_safe_held() {
    [ -n "${FXSYS:-}" ] || return 0
    if ! gpiosim_held_wait; then
        gpiosim_held_release
        return 1
    fi
    fx_held=$(fx_ms)
    got=$(cat "$FXSYS/sim_gpio0/value")
    if ! gpiosim_held_still; then
        gpiosim_held_release
        echo "the tender was no longer held after sysfs was read"
        return 1
    fi
    gpiosim_held_release
    [ "$got" = "$1" ] || {
        echo "sysfs shows the LED at $got as the tender releases it, expected its safe level $1"
        return 1
    }
}

# PID: waits for the tender (at most $TIMEOUT s, then SIGKILL); sets st.
fx_wait() {
    fx_n=0
    while grep -q '^State:[[:space:]]*[^Z]' "/proc/$1/status" 2>/dev/null; do
        fx_n=$((fx_n + 1))
        [ $fx_n -lt $((TIMEOUT * 10)) ] || kill -KILL "$1"
        sleep 0.1
    done
    wait "$1"
    st=$?
    # the output pipes' readers (fx_hang) have all the output once done
    for c in ${fx_cats:-}; do wait "$c"; done
    fx_cats=""
}

# SETUP [TRACE]: starts the guest's "hang" (LED on, then waits) in the
# background with the trace TRACE (default $FX/t.vcd), stdout in $FX/out
# and stderr in $FX/err (through pipes, which no file size limit
# touches), after running SETUP (a shell command: limits, redirections);
# waits until the LED is on (on gpio-sim: in sysfs too). Sets pid.
fx_hang() {
    fx_trace=${2:-$FX/t.vcd}
    fx_pull 1
    fx_image
    rm -f "$FX/t.vcd" "$FX/ofifo" "$FX/efifo"
    mkfifo "$FX/ofifo" "$FX/efifo" || return 1
    : >"$FX/out"
    cat "$FX/ofifo" >"$FX/out" &
    fx_cats=$!
    cat "$FX/efifo" >"$FX/err" &
    fx_cats="$fx_cats $!"
    fx_start sh -c "$1"' && exec "$@"' sh "$PV" "$FXLED" \
        --block:storage="$FX/img" --gpio-trace="$fx_trace" "$FXG" hang \
        >"$FX/ofifo" 2>"$FX/efifo" </dev/null
    if wait_for_line "$FX/out" '^LED on, waiting forever$' "$pid"; then
        [ -z "${FXSYS:-}" ] || fx_sysfs_is 1 && return 0
    else
        echo "the guest never turned the LED on:"
        sed 's/^/    | /' "$FX/out" "$FX/err" | tail -n 8
    fi
    kill -KILL "$pid" 2>/dev/null
    gpiosim_held_release
    fx_wait "$pid"
    return 1
}

# SIGNAL: sends SIGNAL to the hanging tender (fx_hang), sees the LED at
# its safe level 0 (gpio-sim) and waits for the end: st is its status.
fx_stop() {
    kill -"$1" "$pid"
    fx_safe_held 0 || { kill -KILL "$pid"; fx_wait "$pid"; return 1; }
    fx_wait "$pid"
}

# NUMBER NAME: signal NUMBER while the LED is on ends the tender with
# status 1, exactly one line "pinvisor: stopped by NAME" on stderr (each
# _ in NAME a space), and the LED at its safe level 0 (the trace whole up
# to there), then released.
fx_signal() {
    fx_hang true && fx_stop "$1" || return 1
    [ "$st" = 1 ] || { echo "signal $1: status $st, expected 1"; return 1; }
    err=$(cat "$FX/err")
    [ "$err" = "pinvisor: stopped by $(echo "$2" | tr _ ' ')" ] ||
        { echo "signal $1: stderr is '$err'"; return 1; }
    fx_levels_are "$FX/t.vcd" "$FXLEVELS" || return 1
    [ -z "${FXSYS:-}" ] || fx_sysfs_is "$FXPULL"
}

# Every catchable signal whose default action ends a process, but those
# that report a fault of the tender itself and glibc's 33 (x86_64 and
# aarch64 share these numbers; glibc's SIGRTMIN is 34, 32 is its
# SIGCANCEL).
FX_SIGNALS="1:SIGHUP 2:SIGINT 3:SIGQUIT 12:SIGUSR2 14:SIGALRM 15:SIGTERM
16:SIGSTKFLT 24:SIGXCPU 26:SIGVTALRM 27:SIGPROF 29:SIGIO 30:SIGPWR
32:signal_32"
for n in $(seq 0 30); do
    FX_SIGNALS="$FX_SIGNALS $((34 + n)):SIGRTMIN+$n"
done

# Signal 33 (glibc's SIGSETXID) is ignored: once taken (no longer
# pending) the tender still runs, and SIGTERM then stops it as always.
fx_signal33() {
    fx_hang true || return 1
    kill -33 "$pid"
    fx_n=0
    while fx_pnd=$(sed -n 's/^ShdPnd:[[:space:]]*//p' "/proc/$pid/status") &&
        [ $((0x${fx_pnd:-0} & 0x100000000)) != 0 ] &&
        [ $fx_n -lt $((TIMEOUT * 10)) ]; do
        fx_n=$((fx_n + 1))
        sleep 0.1
    done
    grep -q '^State:[[:space:]]*[^Z]' "/proc/$pid/status" || {
        kill -KILL "$pid"
        fx_wait "$pid"
        echo "signal 33 ended the tender: status $st"
        return 1
    }
    fx_stop TERM || return 1
    [ "$st" = 1 ] || { echo "status $st, expected 1"; return 1; }
    err=$(cat "$FX/err")
    [ "$err" = "pinvisor: stopped by SIGTERM" ] ||
        { echo "stderr is '$err'"; return 1; }
    fx_levels_are "$FX/t.vcd" "$FXLEVELS"
}

# SETUP ACTION STATUS [REGEX...]: the guest's ACTION ("blink 3"), with
# the LED's safe level 1, after SETUP, runs to its end with STATUS and
# each REGEX in its output ($FX/out), the LED at 1 as the tender releases
# it (gpio-sim), then released. The trace is $FX/r.vcd.
fx_run() {
    fx_pull 0
    fx_image
    rm -f "$FX/r.vcd"
    fx_start sh -c "$1"' && exec "$@"' sh "$PV" "$FXLED:safe=1" \
        --block:storage="$FX/img" --gpio-trace="$FX/r.vcd" "$FXG" $2 \
        >"$FX/out" 2>&1 </dev/null
    fx_want=$3
    shift 3
    fx_safe_held 1 || { kill -KILL "$pid"; fx_wait "$pid"; return 1; }
    fx_wait "$pid"
    [ "$st" = "$fx_want" ] || {
        echo "status $st, expected $fx_want:"
        sed 's/^/    | /' "$FX/out" | tail -n 8
        return 1
    }
    for re; do
        grep -Eq -- "$re" "$FX/out" || {
            echo "no line /$re/ in:"
            sed 's/^/    | /' "$FX/out" | tail -n 8
            return 1
        }
    done
    [ -z "${FXSYS:-}" ] || fx_sysfs_is "$FXPULL"
}

# RLIMIT_STACK of 64 MiB: the ring thread's stack is its own, so its
# join needs no munmap (was: SIGSYS, status 159, at exit).
fx_stack() {
    fx_run 'ulimit -s 65536' 'blink 3' 0 '^SUCCESS: 3 blinks$' || return 1
    ! grep -q '^pinvisor' "$FX/out" ||
        { echo "a message:"; sed 's/^/    | /' "$FX/out"; return 1; }
    fx_levels_are "$FX/r.vcd" "$FXBLINK3"
}

# RLIMIT_FSIZE: the trace reaching the limit fails its write (EFBIG)
# and is reported; the guest's own status stands (was: SIGXFSZ,
# status 153).
fx_fsize() {
    fx_run 'ulimit -f 2' 'blink 400' 0 '^SUCCESS: 400 blinks$' \
        '^pinvisor: gpio: the trace .* is incomplete: the file size limit was reached'
}

# RLIMIT_FSIZE and a stop signal: the trace's write at close fails; the
# tender still ends with its signal status.
fx_signal_fsize() {
    fx_hang 'ulimit -f 0' && fx_stop TERM || return 1
    [ "$st" = 1 ] || { echo "status $st, expected 1"; return 1; }
    grep -q '^pinvisor: stopped by SIGTERM$' "$FX/err" ||
        { echo "stderr:"; sed 's/^/    | /' "$FX/err"; return 1; }
    [ -z "${FXSYS:-}" ] || fx_sysfs_is "$FXPULL"
}

# FIFO: makes FIFO with a reader that never reads (fx_reader) and fills
# it up through fd 7, left open for the caller (a pipe holds 16 pages).
fx_stall() {
    rm -f "$1" && mkfifo "$1" || return 1
    # shellcheck disable=SC2217 # the reader that never reads
    sleep 100000 <"$1" &
    fx_reader=$!
    exec 7>"$1"
    fx_kib=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
    head -c $((${fx_kib:-4} * 1024 * 16)) /dev/zero >&7
}

# T0: the LED was safe within FX_SAFE_MS of T0 (gpio-sim: when the tender
# was seen releasing it) and the tender ended within FX_END_MS of T0 (of
# that release on gpio-sim, which the check itself held up).
fx_bounds() {
    fx_end=$(fx_ms)
    if [ -n "${FXSYS:-}" ]; then
        [ $((fx_held - $1)) -le $FX_SAFE_MS ] || {
            echo "the LED safe $((fx_held - $1)) ms after the signal (ceiling $FX_SAFE_MS)"
            return 1
        }
        set -- "$fx_held"
    fi
    [ $((fx_end - $1)) -le $FX_END_MS ] || {
        echo "the tender ended $((fx_end - $1)) ms after the signal (ceiling $FX_END_MS)"
        return 1
    }
}

# The stalled stderr: a pipe whose reader never reads, filled up. A stop
# signal must still bring the LED to its safe level and end the tender,
# within the bounds above; the message is lost.
fx_stalled_stderr() {
    fx_stall "$FX/fifo" || return 1
    fx_pull 1
    fx_image
    rm -f "$FX/t.vcd"
    : >"$FX/out"
    fx_start "$PV" "$FXLED" --block:storage="$FX/img" \
        --gpio-trace="$FX/t.vcd" "$FXG" hang >"$FX/out" 2>&7 </dev/null
    exec 7>&-
    fx_ok=0
    if wait_for_line "$FX/out" '^LED on, waiting forever$' "$pid"; then
        fx_t0=$(fx_ms)
        if ! fx_stop TERM || ! fx_bounds "$fx_t0"; then
            fx_ok=1
        elif [ "$st" != 1 ]; then
            echo "status $st, expected 1"
            fx_ok=1
        fi
    else
        echo "the guest never turned the LED on"
        kill -KILL "$pid"
        gpiosim_held_release
        fx_wait "$pid"
        fx_ok=1
    fi
    kill "$fx_reader"
    wait "$fx_reader" 2>/dev/null
    [ $fx_ok = 0 ] && fx_levels_are "$FX/t.vcd" "$FXLEVELS"
}

# The trace on a FIFO whose reader never reads, filled up before the
# tender starts: SIGTERM brings the LED to its safe level and ends the
# tender within the bounds above, the trace said incomplete. (On sim the
# trace is the FIFO: the level is not seen.)
fx_stalled_trace() {
    fx_stall "$FX/tfifo" || return 1
    fx_ok=0
    if fx_hang true "$FX/tfifo"; then
        exec 7>&-
        fx_t0=$(fx_ms)
        fx_stop TERM && fx_bounds "$fx_t0" || fx_ok=1
    else
        exec 7>&-
        fx_ok=1
    fi
    kill "$fx_reader"
    wait "$fx_reader" 2>/dev/null
    [ $fx_ok = 0 ] || return 1
    [ "$st" = 1 ] || { echo "status $st, expected 1"; return 1; }
    grep -q '^pinvisor: stopped by SIGTERM$' "$FX/err" &&
        grep -Eq "^pinvisor: gpio: the trace $FX/tfifo is incomplete: its reader did not take it all before the exit \\([0-9]+ records lost\\)\$" "$FX/err" || {
        echo "stderr:"
        sed 's/^/    | /' "$FX/err"
        return 1
    }
    [ -z "${FXSYS:-}" ] || fx_sysfs_is "$FXPULL"
}

# FILE...: none of FILE holds the guest's console text.
fx_no_console_in() {
    for f in "$@"; do
        if grep -aq -e 'console line' -e 'Solo5:' -e 'pinvisor:' \
            -e 'SUCCESS' "$f"; then
            echo "console text or a message in $f"
            return 1
        fi
    done
}

# Closed standard fds: /dev/null takes their place before anything is
# opened, so neither the trace nor the block image becomes stdout.
fx_closed() {
    fx_run "exec $1" 'blink 2' 0 || return 1
    fx_no_console_in "$FX/r.vcd" "$FX/img" || return 1
    # the image is still empty
    if od -An -tx1 "$FX/img" | grep -q '[1-9a-f]'; then
        echo "the block image is not zero"
        return 1
    fi
    fx_levels_are "$FX/r.vcd" "$FXBLINK2"
}
# Stderr closed: the stop message must not land in the trace.
fx_closed_stderr() {
    fx_hang 'exec 2>&-' && fx_stop TERM || return 1
    [ "$st" = 1 ] || { echo "status $st, expected 1"; return 1; }
    fx_no_console_in "$FX/t.vcd" "$FX/img" &&
        fx_levels_are "$FX/t.vcd" "$FXLEVELS"
}

fx_cases() {
    check "exits$FXSFX: RLIMIT_STACK 64 MiB, ring, normal exit (0), LED safe" \
        fx_stack
    for s in $FX_SIGNALS; do
        check "exits$FXSFX: $(echo "${s#*:}" | tr _ ' ') with the LED on: status 1, one message, safe" \
            fx_signal "${s%%:*}" "${s#*:}"
    done
    check "exits$FXSFX: signal 33 is ignored, SIGTERM then stops the tender (1)" \
        fx_signal33
    check "exits$FXSFX: RLIMIT_FSIZE reached by the trace, no SIGXFSZ (0)$FXSEEN" \
        fx_fsize
    check "exits$FXSFX: RLIMIT_FSIZE reached, SIGTERM with the LED on (1)$FXSEEN" \
        fx_signal_fsize
    check "exits$FXSFX: stalled stderr pipe, SIGTERM: safe, status 1, in bounds" \
        fx_stalled_stderr
    check "exits$FXSFX: stalled FIFO trace, SIGTERM: status 1, in bounds$FXSEEN" \
        fx_stalled_trace
    check "exits$FXSFX: stdout closed (>&-): console text in neither trace nor image" \
        fx_closed '>&-'
    check "exits$FXSFX: stderr closed (2>&-), SIGTERM: no message in trace or image" \
        fx_closed_stderr
    check "exits$FXSFX: stdin and stdout closed (<&- >&-): neither file gets console text" \
        fx_closed '<&- >&-'
}

FXLEVELS="0 1 0"
FXBLINK2="0 1 0 1 0 1"
FXBLINK3="0 1 0 1 0 1 0 1"
FXSFX=""
# In the three cases whose trace is cut or never read, the LED's level
# is seen only on gpio-sim (sysfs): their names say so there only.
FXSEEN=""
fx_cases

# WHAT OPTION: --gpio-trace naming an input (the unikernel, a block image,
# the stimulus file) is refused with status 2 and one line, the file
# unchanged.
fx_input() {
    cp "$FXG" "$FX/k.hvt" && fx_image && printf '1ms led.0 1\n' >"$FX/stim"
    case $1 in
    unikernel) victim=$FX/k.hvt ;;
    image) victim=$FX/img ;;
    stimulus) victim=$FX/stim ;;
    esac
    cp "$victim" "$FX/before"
    timeout -k 5 "$TIMEOUT" "$PV" --gpio:led=sim:0 \
        --block:storage="$FX/img" --gpio-stimulus="$FX/stim" \
        --gpio-trace="$2" "$FX/k.hvt" hang >"$FX/out" 2>&1 </dev/null
    st=$?
    [ "$st" = 2 ] || { echo "status $st, expected 2"; return 1; }
    n=$(wc -l <"$FX/out")
    if [ "$n" != 1 ] || ! grep -Eq \
        "^pinvisor: --gpio-trace=.*: that file is .*, an input" "$FX/out"; then
        echo "output:"
        sed 's/^/    | /' "$FX/out"
        return 1
    fi
    cmp "$FX/before" "$victim" || { echo "$victim changed"; return 1; }
}

# A symbolic link to the unikernel: refused as the unikernel itself.
fx_input_link() {
    cp "$FXG" "$FX/k.hvt" && rm -f "$FX/link" && ln -s k.hvt "$FX/link" &&
        fx_input unikernel "$FX/link"
}

nokvm check "exits: --gpio-trace naming the unikernel is refused (2), file unchanged" \
    fx_input unikernel "$FX/k.hvt"
nokvm check "exits: --gpio-trace naming a block image is refused (2), file unchanged" \
    fx_input image "$FX/img"
nokvm check "exits: --gpio-trace naming the stimulus is refused (2), file unchanged" \
    fx_input stimulus "$FX/stim"
nokvm check "exits: --gpio-trace through a symlink to an input is refused (2)" \
    fx_input_link

# Two outputs naming one file (by path, through a symbolic link, or a
# file not yet there by two paths) are refused with status 2 and one
# line before either is opened. [GPIO_TRACE] I2C_TRACE (the GPIO trace
# by default $FX/same, made empty).
fx_two_outputs() {
    fx_gt=$FX/same
    [ $# = 1 ] || { fx_gt=$1; shift; }
    rm -rf "$FX/same" "$FX/same.link" "$FX/fresh" && : >"$FX/same" &&
        ln -s same "$FX/same.link" && mkdir "$FX/fresh" || return 1
    timeout -k 5 "$TIMEOUT" "$PV" --gpio:led=sim:0 --gpio-trace="$fx_gt" \
        --i2c:sensor=sim:0x48 --i2c-trace="$1" "$B/examples/thermostat.hvt" \
        >"$FX/out" 2>&1 </dev/null
    st=$?
    [ "$st" = 2 ] || { echo "status $st, expected 2"; return 1; }
    [ "$(wc -l <"$FX/out")" = 1 ] && grep -q "^pinvisor: --i2c-trace=$1: that file is also --gpio-trace=$fx_gt (see pinvisor --help)\$" "$FX/out" || {
        echo "output:"
        sed 's/^/    | /' "$FX/out"
        return 1
    }
    [ -z "$(ls -A "$FX/fresh")" ] || { echo "$FX/fresh is not empty"; return 1; }
}
nokvm check "exits: --gpio-trace and --i2c-trace naming one file are refused (2)" \
    fx_two_outputs "$FX/same"
nokvm check "exits: --i2c-trace through a symlink to --gpio-trace's file is refused (2)" \
    fx_two_outputs "$FX/same.link"
nokvm check "exits: two paths to one fresh file (dir/a, dir/./a) are refused (2)" \
    fx_two_outputs "$FX/fresh/a.vcd" "$FX/fresh/./a.vcd"

# A block image on a full tmpfs: the guest's write fails with EUNSPEC,
# one warning, and the guest goes on (was: the tender ended, status 1).
fx_full_tmpfs() {
    mkdir -p "$FX/small" || return 1
    if ! mount -t tmpfs -o size=64k tmpfs "$FX/small"; then
        echo "cannot mount a tmpfs (needs root)"
        return 1
    fi
    truncate -s 1048576 "$FX/small/img"
    timeout -k 5 "$TIMEOUT" "$PV" "$FXLED" --block:storage="$FX/small/img" \
        "$FXG" fill >"$FX/out" 2>&1 </dev/null
    st=$?
    umount "$FX/small"
    [ "$st" = 0 ] || { echo "status $st, expected 0:"; sed 's/^/    | /' "$FX/out" | tail -n 5; return 1; }
    if ! grep -Eq '^SUCCESS: block [0-9]+ failed with EUNSPEC, block 0 reads back$' "$FX/out" ||
        [ "$(grep -c '^pinvisor: ' "$FX/out")" != 1 ] ||
        ! grep -q "^pinvisor: block device 'storage': write failed: No space left on device" "$FX/out"; then
        echo "output:"
        sed 's/^/    | /' "$FX/out" | tail -n 5
        return 1
    fi
}
# aarch64: KVM_SET_ONE_REG passes the filter only with the tender's one
# read-only request for TPIDR_EL0; a native guest's SET_TLS_BASE uses it.
if [ "$ARCH" = aarch64 ]; then
    expect "exits: SET_TLS_BASE sets TPIDR_EL0 under the pinned filter (0)" 0 \
        --out '^SUCCESS: TPIDR_EL0 set by the tender$' \
        -- "$PV" "$FXLED" --block:storage="$FX/img" "$FXG" tls
fi

check "exits: block image on a full tmpfs: the guest gets EUNSPEC, goes on (0)" \
    fx_full_tmpfs

# The held helper (lib.sh) on a command that ends without a close of a
# GPIO line: gpiosim_held_wait says it ended (it is a zombie until
# reaped), instead of waiting out TIMEOUT (2 s here) per case.
fx_held_ended() {
    msg=$(
        TIMEOUT=2
        gpiosim_held_start sh -c 'exit 3'
        gpiosim_held_wait
    ) && { echo "gpiosim_held_wait was true"; return 1; }
    [ "$msg" = "the tender ended without releasing a GPIO line request in a close" ] ||
        { echo "gpiosim_held_wait said '$msg'"; return 1; }
}
nokvm check "exits: gpiosim_held_wait sees a command that ended (zombie)" \
    fx_held_ended

# gpio-sim: the same exits with the LED on a gpio-sim line.
fx_chip_setup() {
    gpiosim_chip pvexits pvexits 2 || return 1
    FXCHIP=$GPIOSIM_CHIP FXSYS=$GPIOSIM_SYS
}
if phase_has gpiosim; then
    if ! fx_chip_setup; then
        gpiosim case_fail "exits gpio-sim: a gpio-sim chip" "cannot make one"
    else
        FXLED="--gpio:led=$FXCHIP:0"
        FXNAME=led.line0
        FXLEVELS="x 0 1 0"
        FXBLINK2="x 0 1 0 1 0 1"
        FXBLINK3="x 0 1 0 1 0 1 0 1"
        FXSFX=" gpio-sim"
        FXSEEN=", LED safe"
        gpiosim fx_cases
        gpiosim_remove pvexits
        FXSYS=""
    fi
fi


# --- GPIO faults (trace, vanished chip, attribute limit)
# The trace's sink stalls or fills (sim, kind kvm), a gpio-sim chip goes
# away under a guest (kind gpiosim, levels and requests through its
# sysfs and configfs), a device asks for more distinct line
# configurations than a Linux line request holds (both).
GF_EX="$B/examples"
GF_SCRIPT="$G/gpio_script.hvt"
GF_OUT="$TMPD/gf.out"
GF_INFO="$TMPD/gf.info"

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

# PID: waits (up to $TIMEOUT s) until process PID has written a pipe's
# worth less a page (/proc/PID/io's wchar): a pipe that is never read is
# then (nearly) full. A pipe holds 16 pages: 64 KiB on 4 KiB pages, 256
# KiB on 16 KiB ones.
gf_wrote_pipeful() {
    gf_kib=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
    gf_want=$((${gf_kib:-4} * 1024 * 16 - 4096))
    gf_end=$(($(date +%s) + TIMEOUT))
    until [ "$(sed -n 's/^wchar: //p' "/proc/$1/io" 2>/dev/null || echo 0)" \
        -ge "$gf_want" ]; do
        [ "$(date +%s)" -lt "$gf_end" ] && kill -0 "$1" 2>/dev/null ||
            { echo "the tender never wrote $gf_want bytes"; return 1; }
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
    wait_for_line "$GF_OUT" '^blink: ' "$pid" && gf_wrote_pipeful "$pid" &&
        sleep 1
    t0=$(fx_ms)
    kill -TERM "$pid"
    gf_wait_end "$pid" 30
    rc=$?
    [ $rc != 0 ] || [ $(($(fx_ms) - t0)) -le $FX_END_MS ] || {
        echo "the tender ended $(($(fx_ms) - t0)) ms after SIGTERM (ceiling $FX_END_MS)"
        rc=1
    }
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
# A limit the trace's header may not fit in (64 lines of long names) is
# refused before anything is opened, so a header is never cut.
GF_64=$(seq -s, 0 63)
nokvm expect_one_line "gpio faults: --gpio-trace-max below the header's size is refused (2)" 2 \
    --out '^pinvisor: --gpio-trace-max=4K: the trace.s header needs up to [0-9]+ bytes for these devices \(see pinvisor --help\)$' \
    -- "$PV" --gpio:led=sim:$GF_64 --gpio-trace="$TMPD/gf_hdr.vcd" \
    --gpio-trace-max=4K "$GF_EX/blink.hvt"
nokvm check "gpio faults: a refused --gpio-trace-max creates no trace" \
    test ! -e "$TMPD/gf_hdr.vcd"

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
    gpiosim_chip pvfaults pvfaults "$1" || {
        echo "cannot make a gpio-sim chip"
        return 1
    }
    GF_CHIP=$GPIOSIM_CHIP
}
gf_chip_free() { gpiosim_remove pvfaults; }

# WANT SCRIPT...: the gpio_script guest runs SCRIPT on a gpio-sim chip of
# 12 lines, each pulled up in sysfs, to its end (0, SUCCESS); as the
# tender releases the lines, sysfs shows them at WANT (12 digits, line 0
# first): outputs at their safe level 0, inputs (which stay inputs, with
# their bias) and lines never configured at their pull.
# "LINES" CMD...: runs CMD (the tender, output in GF_OUT) under
# gpiosim_held_start on the chip of gf_chip; as it releases its first
# line request, reads the gpio-sim LINES (a list) into got (their digits,
# or why not) and the chip's gpioinfo into GF_INFO; then lets it end, frees the chip and checks status 0 and
# SUCCESS. If GF_MID names a command, it runs first, while the tender
# does (its failure fails the call, after the tender's end).
gf_held_read() {
    gf_lines=$1
    shift
    gpiosim_held_start "$@" >"$GF_OUT" 2>&1 </dev/null
    gf_mid=""
    if [ -n "${GF_MID:-}" ] && ! gf_mid=$($GF_MID); then
        gf_mid=${gf_mid:-$GF_MID failed}
    else
        gf_mid=""
    fi
    : >"$GF_INFO"
    if gpiosim_held_wait; then
        got=$(for i in $gf_lines; do
            cat "$GPIOSIM_SYS/sim_gpio$i/value"
        done | tr -d '\n')
        gpioinfo "$GF_CHIP" >"$GF_INFO" 2>&1
        gpiosim_held_still || got="read after the release"
    else
        got="never released"
    fi
    gpiosim_held_release
    gf_wait_end "$GH_PID" "$TIMEOUT"
    rc=$?
    gf_chip_free
    [ -z "$gf_mid" ] || { echo "$gf_mid"; return 1; }
    [ $rc = 0 ] && gf_said 0 '^SUCCESS$' && ! grep -q FAILURE "$GF_OUT"
}
gf_script_cdev() {
    gf_want=$1
    shift
    gf_chip 12 || return 1
    for i in $(seq 0 11); do
        echo pull-up >"$GPIOSIM_SYS/sim_gpio$i/pull"
    done
    gf_held_read "$(seq 0 11)" "$PV" "--gpio:g=$GF_CHIP:$(seq -s, 0 11)" \
        "$GF_SCRIPT" "$@" || return 1
    [ "$got" = "$gf_want" ] || {
        echo "as the tender released them, sysfs showed lines 0-11 at $got, expected $gf_want"
        return 1
    }
}
# On gpio-sim, two of the ten configurations are one output driven high
# (lines 8 and 9; its values take the tenth attribute), so that the
# exit's safe state (0) shows against the pull-up: eight input
# configurations, the output and its values, then an 11th configuration
# (an input, or an output flag set) is EINVAL, one the device has fits.
GF_ATTRS_OUT="cfg:0x1:in cfg:0x2:in+al cfg:0x4:in+rise cfg:0x8:in+fall
cfg:0x10:in+rise+fall cfg:0x20:in+up cfg:0x40:in+down cfg:0x80:in+nobias
cfg:0x300:out:0x300 cfg:0x400:in+al+up!EINVAL cfg:0x800:out+al!EINVAL
cfg:0x400:in cfg:0x800:in+rise"
# While held, gpioinfo shows the inputs kept their bias: lines 5, 6 and
# 7 (in+up, in+down, in+nobias) still pull-up, pull-down, bias-disabled.
gf_attrs_cdev() {
    gf_script_cdev 111111010011 $GF_ATTRS_OUT &&
        grep -q '^cfg:0x400:in+al+up -> EINVAL$' "$GF_OUT" &&
        grep -q '^cfg:0x800:out+al -> EINVAL$' "$GF_OUT" || return 1
    for b in 5:pull-up 6:pull-down 7:bias-disabled; do
        grep -Eq "line +${b%%:*}:.* input .*${b#*:}" "$GF_INFO" || {
            echo "gpioinfo as the tender released line ${b%%:*}: no input with ${b#*:}:"
            sed 's/^/    | /' "$GF_INFO"
            return 1
        }
    done
}

# Eight distinct input configurations, two active-low outputs (at 0),
# two lines never configured: 10 attributes. Then a clear of one output
# to its safe state, a plain output low: 11 attributes by the
# validator's count, 10 as the backends pack them (docs/gpio.md: no
# output values attribute while no output is driven high), so it fits
# (was: SOLO5_R_EUNSPEC, the line left as it was). Lines 6 (pull-down),
# 8 and 9 (outputs, safe) read 0 at the exit, the others their pull-up.
GF_CLEAR="cfg:0x1:in cfg:0x2:in+al cfg:0x4:in+rise cfg:0x8:in+fall
cfg:0x10:in+rise+fall cfg:0x20:in+up cfg:0x40:in+down cfg:0x80:in+nobias
cfg:0x300:out+al:0 clear:0x100"
withkvm expect "gpio faults: a partial clear that needed an 11th attribute fits on sim (0)" 0 \
    --out '^clear:0x100 -> OK$' --out '^SUCCESS$' --not FAILURE \
    -- "$PV" --gpio:g=sim:0,1,2,3,4,5,6,7,8,9,10,11 "$GF_SCRIPT" $GF_CLEAR
# On gpio-sim the guest then says "cleared" and waits until line 0 reads
# 0: after the clear, before the exit's safe state, lines 6, 8 and 9
# read 0 (pull-down), 0 (cleared: a plain output low) and 1 (active-low
# output at 0); then line 0 is pulled down (it reads 0 at the exit too).
gf_mid_clear() {
    wait_for_line "$GF_OUT" '^say cleared$' "$GH_PID" ||
        { echo "the guest never said 'cleared'"; return 1; }
    v=$(cat "$GPIOSIM_SYS/sim_gpio6/value" "$GPIOSIM_SYS/sim_gpio8/value" \
        "$GPIOSIM_SYS/sim_gpio9/value" | tr -d '\n')
    echo pull-down >"$GPIOSIM_SYS/sim_gpio0/pull"
    [ "$v" = 001 ] ||
        { echo "after the clear, lines 6, 8 and 9 read $v, expected 001"; return 1; }
}
gf_clear_cdev() {
    GF_MID=gf_mid_clear
    gf_script_cdev 011111010011 $GF_CLEAR say:cleared until:0x1:0:60000
    rc=$?
    GF_MID=""
    [ $rc = 0 ] && grep -q '^clear:0x100 -> OK$' "$GF_OUT"
}

# The chip-removal cases read no level back: the lines went with the chip
# (its sysfs folder with them), and the tender, which marks the device
# dead, does not try them at its exit; they check that it says so once,
# stays idle and does not claim a failed safe state.

# CPU ticks (user + system) process PID has used.
gf_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# The chip of the running tender PID goes away (gpio-sim's live = 0): over
# the next 10 s the tender uses under 5 % of a core and says one warning;
# SIGTERM then ends it (1) without a claim that the safe state failed.
gf_vanish() {
    sleep 1
    gpiosim_live pvfaults 0 || { kill "$1"; return 1; }
    sleep 1
    c0=$(gf_ticks "$1")
    sleep 10
    c1=$(gf_ticks "$1")
    kill -TERM "$1"
    gf_wait_end "$1" 30 || return 1
    gpiosim_remove pvfaults
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

# 63 devices on one gpio-sim chip (gpio_maxdevices: g1 and g63 drive
# lines 0 and 62 high, pulled up): as the tender releases its first
# device, both lines are already at their safe level 0, every device
# being made safe before any is released.
gf_all_safe_first() {
    gf_chip 63 || return 1
    for i in 0 62; do echo pull-up >"$GPIOSIM_SYS/sim_gpio$i/pull"; done
    gf_args=""
    for n in $(seq 1 63); do gf_args="$gf_args --gpio:g$n=$GF_CHIP:$((n - 1))"; done
    # shellcheck disable=SC2086 # one word per option
    gf_held_read "0 62" "$PV" $gf_args "$G/gpio_maxdevices.hvt" || return 1
    [ "$got" = 00 ] || {
        echo "as the tender released its first device, sysfs showed lines 0 and 62 at $got, expected 00"
        return 1
    }
}
gpiosim check "gpio faults: every device is safe before the first is released" \
    gf_all_safe_first
gpiosim check "gpio faults: an 11th distinct line configuration is EINVAL on gpio-sim, outputs safe" \
    gf_attrs_cdev
gpiosim check "gpio faults: a partial clear that needed an 11th attribute fits on gpio-sim" \
    gf_clear_cdev
gpiosim check "gpio faults: gpio-sim chip removed under blink: one warning, idle" \
    gf_vanish_blink
gpiosim check "gpio faults: gpio-sim chip removed under a button wait: one warning, idle" \
    gf_vanish_button

# --- CPU-time limit: `ulimit -t` sets soft = hard, where the kernel sends
# SIGKILL at once; the tender lowers the soft limit so that SIGXCPU, a
# stop signal, comes first and the LED goes safe (was: status 137).
CASE_KIND=kvm
FXNAME=led.GPIO0 # sim's name (the gpio-sim block above renamed it)
expect "exits: ulimit -t, the guest spins: SIGXCPU, LED safe (1)" 1 \
    --out '^SUCCESS: waiting forever, spinning' \
    --out '^pinvisor: stopped by SIGXCPU$' \
    -- sh -c 'ulimit -t 3 && exec "$@"' sh "$PV" --gpio:led=sim:0 \
    --gpio-trace="$TMPD/cpulimit.vcd" "$G/gpio_safe.hvt" spin &&
    check "exits: ulimit -t: the LED is off after SIGXCPU" \
        fx_levels_are "$TMPD/cpulimit.vcd" "0 1 0"

# A guest fault with stderr stalled (a full pipe nobody reads): the
# outputs go safe before the fault's report is written, and the report,
# which cannot be written, is dropped after its bound (was: the tender
# blocked in the report with the LED on until killed).
fx_fault_stalled_stderr() {
    rm -f "$TMPD/ffifo" "$TMPD/fault.vcd" && mkfifo "$TMPD/ffifo" || return 1
    # shellcheck disable=SC2217 # the reader that never reads
    sleep 100000 <"$TMPD/ffifo" &
    fr=$!
    exec 7>"$TMPD/ffifo"
    head -c 65536 /dev/zero >&7
    "$PV" --gpio:led=sim:0 --gpio-trace="$TMPD/fault.vcd" \
        "$G/gpio_safe.hvt" fault >/dev/null 2>&7 </dev/null &
    pid=$!
    exec 7>&-
    n=0
    while kill -0 "$pid" 2>/dev/null && [ $n -lt 300 ]; do
        n=$((n + 1))
        sleep 0.1
    done
    ok=0
    if kill -0 "$pid" 2>/dev/null; then
        echo "still running 30 s after its fault"
        kill -KILL "$pid"
        ok=1
    fi
    wait "$pid"
    st=$?
    kill "$fr"
    wait "$fr" 2>/dev/null
    [ $ok = 0 ] || return 1
    [ "$st" = 255 ] || { echo "status $st, expected 255"; return 1; }
    fx_levels_are "$TMPD/fault.vcd" "0 1 0"
}
CASE_KIND=kvm
check "exits: a guest fault with stderr stalled: status 255, the LED safe" \
    fx_fault_stalled_stderr
