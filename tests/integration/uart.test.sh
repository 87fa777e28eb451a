# SPDX-License-Identifier: ISC
# uart.test.sh: the UART device class end to end (docs/uart.md): the
# command line's refusals (before KVM), then the uart_api guest against
# a real pty whose master is tests/tools/pty-peer: bytes both ways at the
# granted rates (the peer reads the terminal's settings as it receives),
# requests outside the grant EINVAL, and the terminal's own settings
# (stty -g) given back after exit, abort, fault and SIGTERM.
uart_api="$G/uart_api.hvt"
ut="$TMPD/uart"
mkdir -p "$ut"
UART_GRANT="baud=9600|115200,8N1"

# GOT WANT: the texts are equal; else both are printed.
uart_same() {
    [ "$1" = "$2" ] || {
        printf 'got:\n%s\nexpected:\n%s\n' "$1" "$2"
        return 1
    }
}

# --- the command line: status 2 (or 1), one line ---------------------------
uart_usage() {
    uu_n=$1 uu_re=$2
    shift 2
    CASE_KIND=nokvm expect_one_line "$uu_n (2)" 2 --out "$uu_re" -- "$@"
}
uart_usage "uart cmdline: a rate termios cannot set" \
    "^pinvisor: --uart:ser=/dev/null,baud=1234: bad rate '1234' \\(a standard rate, 50..4000000\\)" \
    "$PV" --uart:ser=/dev/null,baud=1234 "$uart_api"
uart_usage "uart cmdline: an unknown framing" \
    "^pinvisor: --uart:ser=/dev/null,9N1: unknown option '9N1' \\(baud=N, a framing such as 8N1, break or modem\\)" \
    "$PV" --uart:ser=/dev/null,9N1 "$uart_api"
uart_usage "uart cmdline: a relative device path" \
    "^pinvisor: --uart:ser=ttyS0: expected an absolute device path or sim after '='" \
    "$PV" --uart:ser=ttyS0 "$uart_api"
uart_usage "uart cmdline: one terminal granted twice" \
    "^pinvisor: --uart:b=/dev/ttyS0: /dev/ttyS0 is already granted to device 'ser'" \
    "$PV" --uart:ser=/dev/ttyS0 --uart:b=/dev/ttyS0 "$uart_api"
uart_usage "uart cmdline: --uart-trace without a device" \
    "^pinvisor: --uart-trace needs a --uart:NAME=... device" \
    "$PV" --uart-trace="$ut/x.log" "$G/hello.hvt"
uart_usage "uart cmdline: --uart-trace-max below 4096" \
    "^pinvisor: --uart-trace-max=1K: at least 4096 bytes" \
    "$PV" --uart:ser=sim --uart-trace-max=1K "$uart_api"
uart_usage "uart cmdline: --uart-trace-max without --uart-trace" \
    "^pinvisor: --uart-trace-max=8K needs --uart-trace=FILE" \
    "$PV" --uart:ser=sim --uart-trace-max=8K "$uart_api"
uart_usage "uart cmdline: a device the unikernel lacks" \
    "^pinvisor: --uart:nosuch=/dev/null: the unikernel declares no device 'nosuch'" \
    "$PV" --uart:nosuch=/dev/null "$G/hello.hvt"
CASE_KIND=nokvm expect_one_line "uart cmdline: a UART device not attached (1)" 1 \
    --out "^pinvisor: device 'ser' \\(UART_BASIC\\) is declared in the manifest but not attached: give --uart:ser=...$" \
    -- "$PV" "$uart_api"
cp "$uart_api" "$TMPD/uart_in.hvt"
uart_usage "uart cmdline: --uart-trace naming the unikernel" \
    "^pinvisor: --uart-trace=$TMPD/uart_in.hvt: that file is the unikernel, an input" \
    "$PV" --uart:ser=/dev/null --uart-trace="$TMPD/uart_in.hvt" \
    "$TMPD/uart_in.hvt"
CASE_KIND=nokvm check "uart cmdline: the unikernel named by --uart-trace is unchanged" \
    cmp "$uart_api" "$TMPD/uart_in.hvt"
uart_usage "uart cmdline: a sim device without its script" \
    "^pinvisor: --uart:ser=sim: a sim device needs --uart-sim:ser=FILE" \
    "$PV" --uart:ser=sim "$uart_api"
uart_usage "uart cmdline: a script for a device that is no sim" \
    "^pinvisor: --uart-sim:ser=$ut/x.txt: no --uart:ser=sim before it" \
    "$PV" --uart:ser=/dev/null "--uart-sim:ser=$ut/x.txt" "$uart_api"
printf 'at 5 "x"\nat 3 "y"\n' >"$ut/bad.txt"
CASE_KIND=nokvm expect_one_line "uart cmdline: a bad sim script (1)" 1 \
    --out "^pinvisor: uart: $ut/bad.txt: line 2: 'at' lines out of time order$" \
    -- "$PV" --uart:ser=sim "--uart-sim:ser=$ut/bad.txt" "$uart_api"

# --- set-up on the host: status 1 -------------------------------------------
: >"$ut/plain"
withkvm expect_one_line "uart setup: a file that is not a terminal (1)" 1 \
    --out "^pinvisor: uart device 'ser': $ut/plain: not a terminal$" \
    -- "$PV" "--uart:ser=$ut/plain" "$uart_api"
withkvm expect_one_line "uart setup: no such device (1)" 1 \
    --out "^pinvisor: uart device 'ser': cannot open $ut/none: No such file or directory$" \
    -- "$PV" "--uart:ser=$ut/none" "$uart_api"

# --- against a pty ----------------------------------------------------------
# The arm64 test VM (busybox, no host root) mounts no devpts; a host
# always has one, so this is a no-op there.
uart_devpts() {
    grep -q ' /dev/pts devpts ' /proc/mounts && return 0
    mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
}
withkvm check "uart pty: a devpts to make ptys in" uart_devpts
# Starts pty-peer with the uart_api conversation; sets UART_TTY (the
# terminal), UART_PEER (its pid) and UART_BEFORE (the terminal's stty -g).
uart_peer_start() {
    rm -f "$ut/tty" "$ut/peer.out"
    "$B/tests/tools/pty-peer" "$ut/tty" 'e:hello 9600\n' t 's:ping\n' \
        'e:fast 115200\n' t 's:pong\n' >"$ut/peer.out" 2>&1 &
    UART_PEER=$!
    wait_for_line "$ut/tty" . "$UART_PEER" || {
        echo "pty-peer did not start: $(cat "$ut/peer.out")"
        return 1
    }
    UART_TTY=$(cat "$ut/tty")
    UART_BEFORE=$(stty -g -F "$UART_TTY")
}
uart_peer_stop() {
    kill "$UART_PEER" 2>/dev/null
    wait "$UART_PEER" 2>/dev/null
    return 0
}
# The peer saw both messages, each at its rate, in raw mode.
uart_peer_said() {
    want='peer: got hello 9600\n
peer: tty 9600 8N1 raw
peer: got fast 115200\n
peer: tty 115200 8N1 raw
peer: done'
    uart_same "$(cat "$ut/peer.out")" "$want"
}
# ACTION STATUS SUFFIX [IMAGE]: runs uart_api (or IMAGE) ACTION on a
# fresh pty (signal UART_SIG once it waits, for hang); checks its status and
# output, the peer's side and the terminal's settings after it.
uart_talk() {
    uart_peer_start || return 1
    "$PV" "--uart:ser=$UART_TTY,$UART_GRANT" --uart-trace="$ut/trace$3.log" \
        "${4:-$G/uart_api$3.hvt}" "$1" >"$ut/out" 2>&1 </dev/null &
    ut_pid=$!
    if [ "$1" = hang ]; then
        wait_for_line "$ut/out" '^waiting for a signal$' "$ut_pid" &&
            kill -"$UART_SIG" "$ut_pid"
    fi
    ut_end=$(($(date +%s) + TIMEOUT))
    while kill -0 "$ut_pid" 2>/dev/null && [ "$(date +%s)" -lt "$ut_end" ]; do
        sleep 0.2
    done
    kill -KILL "$ut_pid" 2>/dev/null
    wait "$ut_pid"
    ut_rc=$?
    ut_after=$(stty -g -F "$UART_TTY")
    uart_peer_stop
    [ "$ut_rc" = "$2" ] || {
        echo "exit status $ut_rc, expected $2"
        tail -n 8 "$ut/out"
        return 1
    }
    grep -q '^SUCCESS$' "$ut/out" && ! grep -q FAILURE "$ut/out" || {
        tail -n 8 "$ut/out"
        return 1
    }
    uart_peer_said || return 1
    if [ "$1" = hang ] && ! grep -q "^pinvisor: stopped by SIG$UART_SIG\$" "$ut/out"; then
        echo "no 'stopped by SIG$UART_SIG' line"
        return 1
    fi
    [ "$ut_after" = "$UART_BEFORE" ] || {
        echo "stty -g before: $UART_BEFORE"
        echo "stty -g after:  $ut_after"
        return 1
    }
}
for ut_s in "" .solo5; do
    withkvm check "uart pty$ut_s: exit 0, bytes both ways at 9600 and 115200, settings restored" \
        uart_talk exit 0 "$ut_s"
done
withkvm check "uart pty: abort (255), settings restored" uart_talk abort 255 ""
withkvm check "uart pty: fault (255), settings restored" uart_talk fault 255 ""
withkvm check "uart pty.solo5: fault (255), settings restored" \
    uart_talk fault 255 .solo5
UART_SIG=TERM
withkvm check "uart pty: SIGTERM (1), settings restored" uart_talk hang 1 ""
for UART_SIG in INT HUP QUIT; do
    withkvm check "uart pty: SIG$UART_SIG (1), settings restored" \
        uart_talk hang 1 ""
done
UART_SIG=TERM

# The trace of the exit run: every request and byte, in order (refused
# reads and writes too; reads that found nothing are not logged).
uart_trace_is() {
    got=$(grep -v '^#' "$ut/trace.log" | cut -d' ' -f2-)
    want='ser config 57600 8N1 EINVAL
ser config 9600 7E1 EINVAL
ser config 9600 8N2 EINVAL
ser config 9600 8?1 EINVAL
ser break 100 ms EINVAL
ser modem set 0x1 clear 0x0 EINVAL
ser tx EINVAL
ser rx EINVAL
ser tx EINVAL
ser tx "hello 9600\n"
ser rx "ping\n"
ser config 115200 8N1 OK
ser tx "fast 115200\n"
ser rx "pong\n"'
    uart_same "$got" "$want"
}
withkvm check "uart pty: the trace shows every byte and request" uart_trace_is
# The OCaml Uart module and Pv_lwt's uart_read/uart_write, same talk.
for ut_s in "" .solo5; do
    withkvm check "uart ocaml$ut_s: the Uart module with Lwt, settings restored" \
        uart_talk exit 0 "$ut_s-ml" "$B/tests/ocaml/uart_api$ut_s.hvt"
done

# A grant with break and modem on a pty: the break is taken (a pty's is
# a no-op), the modem lines fail (a pty has none: EUNSPEC, 3), the
# refusals are EINVAL, and the settings come back.
uart_lines_pty() {
    uart_peer_start || return 1
    "$PV" "--uart:ser=$UART_TTY,break,modem" --uart-trace="$ut/lines.log" \
        "$uart_api" lines >"$ut/out" 2>&1 </dev/null
    ut_rc=$?
    ut_after=$(stty -g -F "$UART_TTY")
    uart_peer_stop
    [ "$ut_rc" = 0 ] && grep -q '^break: 0$' "$ut/out" &&
        grep -q '^modem: 3 state 0x0$' "$ut/out" || {
        echo "status $ut_rc:"
        tail -n 5 "$ut/out"
        return 1
    }
    grep -q ' ser break 100 ms OK$' "$ut/lines.log" &&
        grep -q ' ser modem set 0x1 clear 0x0 EUNSPEC$' "$ut/lines.log" || {
        cat "$ut/lines.log"
        return 1
    }
    uart_same "$ut_after" "$UART_BEFORE"
}
withkvm check "uart pty: break and modem lines when granted, settings restored" \
    uart_lines_pty

# The peer hangs up (pty-peer closes its master after "hello"): the
# guest's wait for "ping" fails at once with EUNSPEC (3), not AGAIN at its
# deadline, and the trace says so. With IMAGE and LINE: the same for
# another guest, whose output must hold LINE.
uart_hangup() {
    rm -f "$ut/tty" "$ut/peer.out"
    "$B/tests/tools/pty-peer" "$ut/tty" 'e:hello 9600\n' h >"$ut/peer.out" 2>&1 &
    UART_PEER=$!
    wait_for_line "$ut/tty" . "$UART_PEER" || return 1
    timeout -k 5 "$TIMEOUT" "$PV" "--uart:ser=$(cat "$ut/tty"),$UART_GRANT" \
        --uart-trace="$ut/hup.log" "${1:-$uart_api}" >"$ut/out" 2>&1 </dev/null
    ut_rc=$?
    uart_peer_stop
    [ "$ut_rc" = 1 ] &&
        grep -qxF "${2:-FAILURE: waiting for 'ping}" "$ut/out" &&
        { [ -n "${2:-}" ] || grep -qxF "': result 3 after 0 bytes" "$ut/out"; } || {
        echo "status $ut_rc:"
        tail -n 5 "$ut/out"
        return 1
    }
    grep -q ' ser hangup$' "$ut/hup.log" &&
        grep -q ' ser rx EUNSPEC$' "$ut/hup.log" || {
        cat "$ut/hup.log"
        return 1
    }
}
withkvm check "uart pty: the peer hangs up, reads fail with EUNSPEC" uart_hangup
withkvm check "uart ocaml: the peer hangs up, Pv_lwt.uart_read fails" \
    uart_hangup "$B/tests/ocaml/uart_api.hvt" \
    'FAILURE: waiting for ping: Uart.read Failed'

# One terminal under two paths (uart_pair's a and b): refused at set-up
# (1), and the terminal keeps its own settings.
uart_same_tty() {
    uart_peer_start || return 1
    ut_alias=$(dirname "$UART_TTY")/../pts/$(basename "$UART_TTY")
    "$PV" "--uart:a=$UART_TTY" "--uart:b=$ut_alias" \
        "$G/uart_pair.hvt" >"$ut/out" 2>&1 </dev/null
    ut_rc=$?
    ut_after=$(stty -g -F "$UART_TTY")
    uart_peer_stop
    [ "$ut_rc" = 1 ] &&
        [ "$(cat "$ut/out")" = "pinvisor: uart device 'b': $ut_alias is the terminal of device 'a'" ] || {
        echo "status $ut_rc: $(cat "$ut/out")"
        return 1
    }
    uart_same "$ut_after" "$UART_BEFORE"
}
withkvm check "uart setup: one terminal under two paths (1), settings kept" \
    uart_same_tty

# Set-up fails on b after a's terminal was put in raw mode: status 1,
# and a's terminal gets its own settings back.
uart_setup_fail_restores() {
    uart_peer_start || return 1
    "$PV" "--uart:a=$UART_TTY" "--uart:b=$ut/none" "$G/uart_pair.hvt" \
        >"$ut/out" 2>&1 </dev/null
    ut_rc=$?
    ut_after=$(stty -g -F "$UART_TTY")
    uart_peer_stop
    [ "$ut_rc" = 1 ] &&
        [ "$(cat "$ut/out")" = "pinvisor: uart device 'b': cannot open $ut/none: No such file or directory" ] || {
        echo "status $ut_rc: $(cat "$ut/out")"
        return 1
    }
    uart_same "$ut_after" "$UART_BEFORE"
}
withkvm check "uart setup: b missing after a was set up (1), a restored" \
    uart_setup_fail_restores

# --uart-trace naming the terminal itself: refused at set-up (2).
uart_trace_tty() {
    uart_peer_start || return 1
    "$PV" "--uart:ser=$UART_TTY" --uart-trace="$UART_TTY" "$uart_api" \
        >"$ut/out" 2>&1 </dev/null
    ut_rc=$?
    uart_peer_stop
    [ "$ut_rc" = 2 ] &&
        [ "$(cat "$ut/out")" = "pinvisor: --uart-trace=$UART_TTY: that file is a UART device, an input (see pinvisor --help)" ] || {
        echo "status $ut_rc: $(cat "$ut/out")"
        return 1
    }
}
withkvm check "uart setup: --uart-trace naming the terminal (2)" uart_trace_tty

# --- the Modbus RTU example (examples/modbus) against pty-peer -------------
# REPLY STATUS: the example asks the peer (expecting the specification's
# request, CRC 76 87) and gets REPLY; checks the status and sets
# $ut/out to its output.
uart_modbus() {
    rm -f "$ut/tty" "$ut/peer.out"
    "$B/tests/tools/pty-peer" "$ut/tty" 'e:\x11\x03\x00\x6b\x00\x03\x76\x87' \
        "s:$1" >"$ut/peer.out" 2>&1 &
    UART_PEER=$!
    wait_for_line "$ut/tty" . "$UART_PEER" || return 1
    timeout -k 5 "$TIMEOUT" "$PV" "--uart:rs485=$(cat "$ut/tty"),baud=19200,8E1" \
        "$B/examples/modbus.hvt" --solo5:quiet >"$ut/out" 2>&1 </dev/null
    um_rc=$?
    uart_peer_stop
    grep -q '^peer: got \\x11\\x03\\x00k\\x00\\x03v\\x87$' "$ut/peer.out" || {
        echo "the peer did not get the request: $(cat "$ut/peer.out")"
        return 1
    }
    [ "$um_rc" = "$2" ] || {
        echo "exit status $um_rc, expected $2: $(cat "$ut/out")"
        return 1
    }
}
uart_modbus_values() {
    uart_modbus '\x11\x03\x06\xae\x41\x56\x52\x43\x40\x49\xad' 0 &&
        grep -q '^modbus: register 0x006b = 0xae41 (44609)$' "$ut/out" &&
        grep -q '^modbus: register 0x006d = 0x4340 (17216)$' "$ut/out" || {
        cat "$ut/out"
        return 1
    }
}
uart_modbus_exception() {
    uart_modbus '\x11\x83\x02\xc1\x34' 1 &&
        grep -q '^modbus: exception 2$' "$ut/out" || {
        cat "$ut/out"
        return 1
    }
}
uart_modbus_bad_crc() {
    uart_modbus '\x11\x03\x06\xae\x41\x56\x52\x43\x40\x49\xae' 1 &&
        grep -q '^modbus: bad frame (CRC or slave)$' "$ut/out" || {
        cat "$ut/out"
        return 1
    }
}
withkvm check "uart example modbus: the specification's request and values" \
    uart_modbus_values
withkvm check "uart example modbus: an exception response (1)" \
    uart_modbus_exception
withkvm check "uart example modbus: a bad CRC (1)" uart_modbus_bad_crc

# --- the simulated peer ------------------------------------------------------
# "ping" 300 ms after the start (the guest waits for it in solo5_yield:
# the sim's timer must wake it), "pong" in answer to "fast 115200".
printf 'at 300 "ping\\n"\non "fast 115200\\n" "pong\\n"\n' >"$ut/api.txt"
uart_sim_trace_is() {
    got=$(grep -v '^#' "$1" | cut -d' ' -f2- | grep -v EINVAL)
    want='ser tx "hello 9600\n"
ser rx "ping\n"
ser config 115200 8N1 OK
ser tx "fast 115200\n"
ser rx "pong\n"'
    uart_same "$got" "$want" || return 1
    # ping came at 300 ms, not before.
    awk '/rx "ping/ { exit !($1 >= 0.3) }' "$1" || {
        echo "ping read before 300 ms: $(grep 'rx "ping' "$1")"
        return 1
    }
}
for ut_s in "" .solo5; do
    withkvm expect "uart sim$ut_s: uart_api against the sim peer" 0 \
        --out '^read ping$' --out '^read pong$' --out '^SUCCESS$' \
        --not FAILURE \
        -- "$PV" "--uart:ser=sim,$UART_GRANT" "--uart-sim:ser=$ut/api.txt" \
        --uart-trace="$ut/sim$ut_s.log" "$G/uart_api$ut_s.hvt" &&
        withkvm check "uart sim$ut_s: the trace, ping at its time" \
            uart_sim_trace_is "$ut/sim$ut_s.log"
done
withkvm expect "uart example modbus: on the sim peer (examples/modbus/slave.txt)" 0 \
    --out '^modbus: register 0x006b = 0xae41 \(44609\)$' \
    --out '^modbus: register 0x006c = 0x5652 \(22098\)$' \
    --out '^modbus: register 0x006d = 0x4340 \(17216\)$' \
    -- "$PV" --uart:rs485=sim,baud=19200,8E1 \
    --uart-sim:rs485=examples/modbus/slave.txt "$B/examples/modbus.hvt"
withkvm expect "uart example modbus: no answer from the sim peer (1)" 1 \
    --out '^modbus: no answer \(0 of 9 bytes\)$' \
    -- "$PV" --uart:rs485=sim,baud=19200,8E1 \
    --uart-sim:rs485=examples/modbus/slave.txt "$B/examples/modbus.hvt" 17 0x6b 2
printf 'at 0 "1"\n' >"$ut/pair_a.txt"
printf 'at 0 "2"\n' >"$ut/pair_b.txt"
withkvm expect "uart sim: two sim devices, each with its own peer" 0 \
    --out '^a: 1$' --out '^b: 2$' --out '^SUCCESS$' --not FAILURE \
    -- "$PV" --uart:a=sim --uart:b=sim "--uart-sim:a=$ut/pair_a.txt" \
    "--uart-sim:b=$ut/pair_b.txt" "$G/uart_pair.hvt" read
withkvm expect "uart sim: break and modem lines when granted" 0 \
    --out '^break: 0$' --out '^modem: 0 state 0x1$' --out '^SUCCESS$' \
    --not FAILURE \
    -- "$PV" --uart:ser=sim,break,modem "--uart-sim:ser=$ut/api.txt" \
    "$uart_api" lines
