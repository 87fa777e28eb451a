# SPDX-License-Identifier: ISC
# i2c.test.sh: the I2C device class end to end (docs/i2c.md): the command
# line's refusals (before KVM), the i2c_api guest on the sim bus with its
# trace, by request ring and by hypercall, a guest writing the ring by
# hand, and the same i2c_api guest against the kernel's i2c-stub (chips at 0x48
# and 0x50, loaded by the test VM's init) cross-checked with i2cget and
# i2cset from i2c-tools; the thermostat example on the sim backends, on
# i2c-stub and gpio-sim, and with its trace's reader stalled.
i2c_api="$G/i2c_api.hvt"
i2c_t="$TMPD/i2c"
mkdir -p "$i2c_t"
cat >"$i2c_t/bus.txt" <<'SIM'
# a sensor at 0x48 whose register 0 reads 0x19 from the start
sensor 0x48
eeprom 0x50 256
at 0 0x48 0x00 0x19 0x00
SIM

# --- the command line: status 2 (or 1 for a bad file), one line ----------
i2c_usage() {
    iu_n=$1 iu_re=$2
    shift 2
    CASE_KIND=nokvm expect_one_line "$iu_n (2)" 2 --out "$iu_re" -- "$@"
}
i2c_usage "i2c cmdline: address out of range" \
    "^pinvisor: --i2c:bus=sim:0x78: bad address '0x78' \\(0x08..0x77\\)" \
    "$PV" --i2c:bus=sim:0x78 "$i2c_api"
i2c_usage "i2c cmdline: unknown grant option" \
    "^pinvisor: --i2c:bus=sim:0x48:rw: unknown option 'rw' \\(only ro\\)" \
    "$PV" --i2c:bus=sim:0x48:rw "$i2c_api"
i2c_usage "i2c cmdline: no bus" \
    "^pinvisor: --i2c:bus=0x48: expected BUS:ADDR\\[,ADDR...\\]\\[:ro\\] after '='" \
    "$PV" --i2c:bus=0x48 "$i2c_api"
i2c_usage "i2c cmdline: one address in two devices of a bus" \
    "^pinvisor: --i2c:ro=/dev/i2c-3:0x48:ro: address 0x48 is already granted to device 'bus'" \
    "$PV" --i2c:bus=i2c-3:0x48 --i2c:ro=/dev/i2c-3:0x48:ro "$i2c_api"
i2c_usage "i2c cmdline: --i2c-sim without a sim device" \
    "^pinvisor: --i2c-sim needs a sim I2C device" \
    "$PV" --i2c:bus=1:0x48 --i2c:ro=1:0x50 --i2c-sim="$i2c_t/bus.txt" \
    "$i2c_api"
i2c_usage "i2c cmdline: --i2c-ring neither on nor off" \
    "^pinvisor: --i2c-ring=maybe: expected on or off" \
    "$PV" --i2c-ring=maybe --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro "$i2c_api"
i2c_usage "i2c cmdline: --i2c-trace-max below 4096" \
    "^pinvisor: --i2c-trace-max=1K: at least 4096 bytes" \
    "$PV" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro --i2c-trace-max=1K \
    --i2c-trace="$i2c_t/x.log" "$i2c_api"
i2c_usage "i2c cmdline: --i2c-trace-max without --i2c-trace" \
    "^pinvisor: --i2c-trace-max=8K needs --i2c-trace=FILE" \
    "$PV" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro --i2c-trace-max=8K \
    "$i2c_api"
i2c_usage "i2c cmdline: --i2c-trace without a device" \
    "^pinvisor: --i2c-sim and --i2c-trace need an --i2c:NAME=... device" \
    "$PV" --i2c-trace="$i2c_t/x.log" "$G/hello.hvt"
i2c_usage "i2c cmdline: a device the unikernel lacks" \
    "^pinvisor: --i2c:nosuch=sim:0x48: the unikernel declares no device 'nosuch'" \
    "$PV" --i2c:nosuch=sim:0x48 "$G/hello.hvt"
printf 'sensor 0x48\nat 0 0x50 0 1\n' >"$i2c_t/bad.txt"
CASE_KIND=nokvm expect_one_line "i2c cmdline: a bad sim file (1)" 1 \
    --out "^pinvisor: i2c: $i2c_t/bad.txt: line 2: no sensor at 0x50$" \
    -- "$PV" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro \
    --i2c-sim="$i2c_t/bad.txt" "$i2c_api"
CASE_KIND=nokvm expect_one_line "i2c cmdline: an I2C device not attached (1)" 1 \
    --out "^pinvisor: device 'ro' \\(I2C_BASIC\\) is declared in the manifest but not attached: give --i2c:ro=...$" \
    -- "$PV" --i2c:bus=sim:0x48 "$i2c_api"
# --i2c-trace naming the unikernel: refused before it is opened, the
# file unchanged (an output never destroys an input).
cp "$i2c_api" "$TMPD/i2c_in.hvt"
i2c_usage "i2c cmdline: --i2c-trace naming the unikernel" \
    "^pinvisor: --i2c-trace=$TMPD/i2c_in.hvt: that file is the unikernel, an input" \
    "$PV" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro \
    --i2c-trace="$TMPD/i2c_in.hvt" "$TMPD/i2c_in.hvt"
CASE_KIND=nokvm check "i2c cmdline: the unikernel named by --i2c-trace is unchanged" \
    cmp "$i2c_api" "$TMPD/i2c_in.hvt"

# --- the sim bus ----------------------------------------------------------
# Every non-comment line of the trace, without its time.
i2c_trace_body() {
    grep -v '^#' "$1" | cut -d' ' -f2-
}
i2c_trace_is() {
    got=$(i2c_trace_body "$1")
    [ "$got" = "$2" ] || {
        printf 'trace:\n%s\nexpected:\n%s\n' "$got" "$2"
        return 1
    }
}
# Two traces are equal but for their times.
i2c_traces_equal() {
    i2c_trace_is "$1" "$(i2c_trace_body "$2")"
}
I2C_SIM_TRACE='bus w 0x48 [10 a5] OK
bus w 0x48 [10] r 0x48 [a5] OK
bus w 0x48 [20 34 12] OK
bus w 0x48 [20] r 0x48 [34 12] OK
bus w 0x48 [30 01 02 03 04] OK
bus w 0x48 [30] r 0x48 [01 02 03 04] OK
bus w 0x48 [10] r 0x48 [a5] OK
ro w 0x50 [00] r 0x50 [ff] OK
bus w 0x48 [00] r 0x48 [19 00] OK
bus w 0x48 [] EINVAL
bus w 0x48 [] EINVAL
bus w 0x48 [] EINVAL
bus w 0x48 [] EINVAL
bus w 0x148 [] EINVAL
bus w 0x49 [] EINVAL
bus w 0x50 [] EINVAL
ro w 0x48 [] EINVAL
bus w 0x48 [] r 0x50 [] EINVAL
ro w 0x50 [] EINVAL
ro w 0x50 [] EINVAL
ro w 0x50 [] EINVAL
ro w 0x50 [] r 0x50 [] EINVAL
ro w 0x50 [40] r 0x50 [ff] OK
bus w 0x48 [40] r 0x48 [00] OK'
# Three paths: a native guest on the ring (""), the same guest by
# hypercall (".hc", --i2c-ring=off), a Solo5-mode guest (".solo5", no ring).
# I2C_MODE SUFFIX sets i2c_g (the guest), i2c_o (pinvisor's option) and
# i2c_r (what the guest logs of the ring, and -v's count of the ring's
# transfers at the exit: --out or --not).
i2c_mode() {
    i2c_g="$G/i2c_api.hvt" i2c_o=--i2c-ring=on i2c_r=--out
    case $1 in
    .solo5) i2c_g="$G/i2c_api.solo5.hvt" i2c_r=--not ;;
    .hc) i2c_o=--i2c-ring=off i2c_r=--not ;;
    esac
}
for i2c_s in "" .hc .solo5; do
    i2c_mode "$i2c_s"
    withkvm expect "i2c sim$i2c_s: every call, every refusal EINVAL" 0 \
        "$i2c_r" 'I2C request ring at 0x' \
        "$i2c_r" '^pinvisor: i2c ring: [1-9][0-9]* transfers served$' \
        --out '^acquire: bus 0x48 flags 0, ro 0x50 flags 1$' \
        --out '^bus: 0x10=0xa5 word 0x20=0x1234 block 0x30=1,2,3,4$' \
        --out '^ro: 0x00=0xff; bus: word 0x00=0x0019$' \
        --out '^refusals: EINVAL$' \
        --out '^after refusals: ro 0x40=0xff bus 0x40=0x00$' \
        --out '^SUCCESS$' --not FAILURE \
        -- "$PV" -v "$i2c_o" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro \
        --i2c-sim="$i2c_t/bus.txt" --i2c-trace="$i2c_t/sim$i2c_s.log" \
        "$i2c_g" &&
        withkvm check "i2c sim$i2c_s: the trace shows every transfer" \
            i2c_trace_is "$i2c_t/sim$i2c_s.log" "$I2C_SIM_TRACE"
done

# --- the ring written by hand, as a hostile guest would ------------------
i2c_ra="$G/i2c_ring_abuse.hvt"
withkvm expect "i2c ring: hand-made slots meet the hypercall's rules" 0 \
    --out '^granted: 0 byte 0x19$' \
    --out '^ungranted 2, nine messages 2, 300 bytes 2$' --out '^SUCCESS$' \
    -- "$PV" --i2c:bus=sim:0x48 --i2c-sim="$i2c_t/bus.txt" \
    --i2c-trace="$i2c_t/abuse.log" "$i2c_ra" --solo5:warn raw &&
    withkvm check "i2c ring: hand-made slots in the trace" \
        i2c_trace_is "$i2c_t/abuse.log" 'bus w 0x48 [00] r 0x48 [19] OK
bus w 0x49 [] r 0x49 [] EINVAL
bus w 0x48 [] r 0x48 [] EINVAL'
withkvm expect_one_line "i2c ring: a tail past the slots stops the guest (1)" 1 \
    --out '^pinvisor: guest corrupted the I2C request ring \(more requests posted than slots\)$' \
    -- "$PV" --i2c:bus=sim:0x48 --i2c-sim="$i2c_t/bus.txt" "$i2c_ra" \
    --solo5:warn tail

withkvm expect_one_line "i2c setup: no adapter of that name (1)" 1 \
    --out "^pinvisor: i2c device 'bus': no I2C adapter named 'no such bus'$" \
    -- "$PV" "--i2c:bus=no such bus:0x48" --i2c:ro=sim:0x50:ro "$i2c_api"

# --- the kernel's i2c-stub (test VM: chips at 0x48 and 0x50) --------------
I2C_STUB_NAME="SMBus stub driver"
# Sets I2C_STUB to the stub adapter's number; false if there is none.
i2c_stub_bus() {
    for d in /sys/bus/i2c/devices/i2c-*; do
        [ "$(cat "$d/name" 2>/dev/null)" = "$I2C_STUB_NAME" ] || continue
        I2C_STUB=${d##*/i2c-}
        return 0
    done
    return 1
}
# REGISTER VALUE...: each byte register of chip 0x48 (else ADDR=0x50 given
# as the first pair's prefix) reads VALUE with i2cget.
i2c_stub_regs_are() {
    for p; do
        a=0x48 r=${p%%=*} want=${p#*=}
        case $r in *:*) a=${r%%:*} r=${r#*:} ;; esac
        got=$(i2cget -y "$I2C_STUB" "$a" "$r" b 2>&1)
        [ "$got" = "$want" ] || {
            echo "i2cget $a $r: $got, expected $want"
            return 1
        }
    done
}
i2c_stub_word_is() {
    got=$(i2cget -y "$I2C_STUB" 0x48 "$1" w 2>&1)
    [ "$got" = "$2" ] || {
        echo "i2cget 0x48 $1 w: $got, expected $2"
        return 1
    }
}
# The stub's registers as each run starts: the guest's targets cleared,
# two values set for it to read.
i2c_stub_reset() {
    for r in 0x10 0x30 0x31 0x32 0x33 0x40; do
        i2cset -y "$I2C_STUB" 0x48 "$r" 0 b || return 1
    done
    i2cset -y "$I2C_STUB" 0x48 0x20 0 w &&
        i2cset -y "$I2C_STUB" 0x48 0x00 0x0019 w &&
        i2cset -y "$I2C_STUB" 0x50 0x00 0x5a b &&
        i2cset -y "$I2C_STUB" 0x50 0x40 0 b
}
# VCD SIGNAL WANT: the levels of SIGNAL, initial value first, are WANT.
i2c_levels_are() {
    got=$(sh scripts/vcd-timeline.sh "$1" "$2" |
        awk '{ printf "%s%s", sep, $4; sep = " " } END { print "" }')
    [ "$got" = "$3" ] || {
        echo "$2: levels '$got', expected '$3'"
        return 1
    }
}
i2c_stub_cases() {
    # i2cget and i2cset: i2c-tools in the x86_64 VM (the host's root),
    # busybox's applets in the arm64 one.
    if ! i2c_stub_bus; then
        case_fail "i2c stub: the adapter" "no I2C adapter named '$I2C_STUB_NAME' (i2c-stub not loaded)"
        return 0
    fi
    for i2c_s in "" .hc .solo5; do
        i2c_mode "$i2c_s"
        check "i2c stub$i2c_s: registers reset with i2cset" i2c_stub_reset &&
            expect "i2c stub$i2c_s: every call, every refusal EINVAL" 0 \
                "$i2c_r" 'I2C request ring at 0x' \
                --out '^acquire: bus 0x48 flags 0, ro 0x50 flags 1$' \
                --out '^bus: 0x10=0xa5 word 0x20=0x1234 block 0x30=1,2,3,4$' \
                --out '^ro: 0x00=0x5a; bus: word 0x00=0x0019$' \
                --out '^refusals: EINVAL$' \
                --out '^after refusals: ro 0x40=0x00 bus 0x40=0x00$' \
                --out '^SUCCESS$' --not FAILURE \
                -- "$PV" "$i2c_o" "--i2c:bus=$I2C_STUB_NAME:0x48" \
                "--i2c:ro=i2c-$I2C_STUB:0x50:ro" \
                --i2c-trace="$i2c_t/stub$i2c_s.log" "$i2c_g" &&
            check "i2c stub$i2c_s: i2cget reads what the guest wrote" \
                i2c_stub_regs_are 0x10=0xa5 0x30=0x01 0x31=0x02 0x32=0x03 \
                0x33=0x04 &&
            check "i2c stub$i2c_s: i2cget reads the guest's word" \
                i2c_stub_word_is 0x20 0x1234 &&
            check "i2c stub$i2c_s: refused writes never reached the stub" \
                i2c_stub_regs_are 0x40=0x00 0x50:0x40=0x00 0x50:0x00=0x5a &&
            check "i2c stub$i2c_s: the trace shows the stub's values" \
                grep -q '^[0-9.]* ro w 0x50 \[00\] r 0x50 \[5a\] OK$' \
                "$i2c_t/stub$i2c_s.log"
    done
    check "i2c stub: the ring's trace is the hypercall's" \
        i2c_traces_equal "$i2c_t/stub.log" "$i2c_t/stub.hc.log"
    # The thermostat on the kernel's backends: its sensor the stub's chip
    # at 0x48 (register 0 read as a word, low byte first: 25.5 C), its LED
    # a gpio-sim line.
    check "i2c stub thermostat: sensor word set with i2cset" \
        i2cset -y "$I2C_STUB" 0x48 0x00 0x8019 w || return 0
    if ! gpiosim_chip pvtherm pvtherm 4 1=pvled; then
        case_fail "i2c stub thermostat: a gpio-sim chip for the LED" \
            "cannot make a gpio-sim chip"
        return 0
    fi
    expect "i2c stub thermostat: 25.5 C from i2c-stub lights the LED" 0 \
        --out '^thermostat: reading 1: 25.500 C, LED on$' \
        --out '^thermostat: reading 2: 25.500 C, LED on$' \
        -- "$PV" "--i2c:sensor=i2c-$I2C_STUB:0x48" \
        --gpio:led="$GPIOSIM_CHIP":1:out \
        --gpio-trace="$i2c_t/thermostat-stub.vcd" \
        --i2c-trace="$i2c_t/thermostat-stub.log" \
        "$B/examples/thermostat.hvt" 2 &&
        check "i2c stub thermostat: the trace shows the stub's bytes" \
            grep -q '^[0-9.]* sensor w 0x48 \[00\] r 0x48 \[19 80\] OK$' \
            "$i2c_t/thermostat-stub.log" &&
        check "i2c stub thermostat: the gpio-sim LED went on" \
            i2c_levels_are "$i2c_t/thermostat-stub.vcd" led.pvled "x 0 1 0"
    gpiosim_remove pvtherm
}
gpiosim i2c_stub_cases

# --- the thermostat example (I2C + GPIO, sim backends) ---------------------
withkvm expect "i2c example thermostat: the LED follows the sensor's script" 0 \
    --out '^thermostat: reading 1: 22.000 C, LED off$' \
    --out '^thermostat: reading 4: 25.500 C, LED on$' \
    --out '^thermostat: reading 6: 23.000 C, LED off$' \
    -- "$PV" --i2c:sensor=sim:0x48 --i2c-sim=examples/thermostat/room.txt \
    --gpio:led=sim:0:out --gpio-trace="$i2c_t/thermostat.vcd" \
    "$B/examples/thermostat.hvt" &&
    withkvm check "i2c example thermostat: the LED went on once, then off" \
        i2c_levels_are "$i2c_t/thermostat.vcd" led.GPIO0 "0 1 0"

# The trace a FIFO whose reader never reads, full but for room for its
# head: the thermostat's first transfer, on the ring, stalls the ring's
# thread writing its line with the bus lock held (so the guest never
# prints its first reading). SIGTERM still ends the tender with status 1:
# the exit hooks neither wait for the thread nor for its write.
i2c_stalled_trace() {
    st_f="$i2c_t/tfifo" st_o="$i2c_t/stalled.out"
    rm -f "$st_f" && mkfifo "$st_f" || return 1
    # shellcheck disable=SC2217 # the reader that never reads
    sleep 100000 <"$st_f" &
    st_rd=$!
    exec 7>"$st_f"
    st_kib=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
    # 100 bytes left: the head (75) fits, the head and a line do not.
    head -c $((${st_kib:-4} * 1024 * 16 - 100)) /dev/zero >&7
    "$PV" --i2c:sensor=sim:0x48 --i2c-sim=examples/thermostat/room.txt \
        --gpio:led=sim:0:out --i2c-trace="$st_f" \
        "$B/examples/thermostat.hvt" 1000 >"$st_o" 2>&1 </dev/null &
    st_pid=$! st_ok=0
    if wait_for_line "$st_o" 'I2C request ring at 0x' "$st_pid"; then
        sleep 3 # for the first transfer, at once after the start
        kill -TERM "$st_pid"
        st_end=$(($(date +%s) + TIMEOUT))
        while kill -0 "$st_pid" 2>/dev/null &&
            [ "$(date +%s)" -lt "$st_end" ]; do
            sleep 0.1
        done
        if kill -0 "$st_pid" 2>/dev/null; then
            echo "still running ${TIMEOUT}s after SIGTERM"
            kill -KILL "$st_pid"
            st_ok=1
        fi
    else
        echo "the guest never offered the ring:"
        kill -KILL "$st_pid" 2>/dev/null
        st_ok=1
    fi
    wait "$st_pid"
    st=$?
    exec 7>&-
    kill "$st_rd"
    wait "$st_rd" 2>/dev/null
    if [ $st_ok = 0 ] && [ $st = 1 ] &&
        grep -q '^pinvisor: stopped by SIGTERM$' "$st_o" &&
        ! grep -q '^thermostat: reading' "$st_o"; then
        return 0
    fi
    echo "status $st (expected 1, no reading: the trace stalled); output:"
    sed 's/^/    | /' "$st_o"
    return 1
}
withkvm check "i2c example thermostat: a stalled trace, SIGTERM: status 1" \
    i2c_stalled_trace

# --- the OCaml I2c module (sim bus) -----------------------------------------
for i2c_s in "" .solo5; do
    withkvm expect "i2c ocaml$i2c_s: the I2c module, refusals as Invalid" 0 \
        --out '^unknown device: Not_found$' \
        --out '^bus: 0x48 ro false; ro: 0x50 ro true$' \
        --out '^byte 0xa5 word 0x1234 block "\\001\\002\\003" raw 0xa5$' \
        --out '^ro 0x00: 0xff$' --out '^write on ro: Invalid$' \
        --out '^address not granted: Invalid$' --out '^no messages: Invalid$' \
        --out '^empty message: Invalid$' --out '^nine messages: Invalid$' \
        --out '^257 bytes: Invalid$' --out '^SUCCESS$' --not FAILURE \
        -- "$PV" --i2c:bus=sim:0x48 --i2c:ro=sim:0x50:ro \
        --i2c-sim="$i2c_t/bus.txt" "$B/tests/ocaml/i2c_api$i2c_s.hvt" \
        --solo5:quiet
done
