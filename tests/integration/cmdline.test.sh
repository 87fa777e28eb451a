# SPDX-License-Identifier: ISC
# cmdline.test.sh: the tender checks all of its input before it takes any
# resource (docs/architecture.md, "Boot sequence"): every bad command line
# exits 2 and every bad input file exits 1, with one line on stderr,
# before /dev/kvm, a block file, a tap or a GPIO chip is opened. None of
# these cases needs KVM (kind nokvm, tests/integration/lib.sh); on a host
# without it, an error that came too late would say "cannot open
# /dev/kvm" instead. Also elftool's gen-manifest.
CASE_KIND=nokvm

cl_hello="$G/hello.hvt"
cl_led="$G/gpio_safe.hvt"
cl_blk="$G/blk.hvt"
cl_net="$G/net_ping.hvt"
cl_button="$B/examples/button.hvt"
cl_missing="$TMPD/missing.hvt"

# The last command wrote exactly one line, which does not mention KVM;
# CMD..., run again under strace, opened none of /dev/kvm, a tap
# (/dev/net/tun) or a GPIO chip: its error came before any of them, also
# where KVM works.
cl_one_line() {
    one_line || return 1
    if grep -q -i kvm "$LAST_OUT"; then
        echo "checked after KVM: $(cat "$LAST_OUT")"
        return 1
    fi
    tr="$TMPD/cl_strace"
    rm -f "$tr"
    strace -f -q -e trace=open,openat -o "$tr" -- "$@" >/dev/null 2>&1
    grep -q '+++ exited with' "$tr" 2>/dev/null || {
        echo "strace recorded nothing: $(head -c 300 "$tr" 2>&1)"
        return 1
    }
    if grep -E '"/dev/(kvm|net/tun|gpiochip[0-9]+)"' "$tr"; then
        echo "opened before its error (above)"
        return 1
    fi
}

# cl_usage NAME REGEX CMD...: status 2, REGEX on the one line.
cl_usage() {
    n=$1 re=$2
    shift 2
    expect "$n (2)" 2 --out "$re" -- "$@" &&
        check "$n: one line, before KVM" cl_one_line "$@"
}

# cl_file NAME REGEX CMD...: status 1, REGEX on the one line.
cl_file() {
    n=$1 re=$2
    shift 2
    expect "$n (1)" 1 --out "$re" -- "$@" &&
        check "$n: one line, before KVM" cl_one_line "$@"
}

# cl_valid NAME REGEX CMD...: a command line every check accepts. On a
# machine without /dev/kvm the tender gets as far as opening it (kind
# nokvm); where KVM works (here or in the test VM) the guest runs and
# prints REGEX (kind kvm).
cl_valid() {
    n=$1 re=$2
    shift 2
    if [ ! -e /dev/kvm ]; then
        expect "$n: accepted, stops at /dev/kvm (1)" 1 \
            --out '^pinvisor: cannot open /dev/kvm' -- "$@"
    fi
    withkvm expect "$n: accepted, runs (0)" 0 --out "$re" -- "$@"
}

# --- usage errors: status 2, before the unikernel file is read ------------
cl_usage "cmdline: unknown option before a missing file" \
    "^pinvisor: unknown option '--frob'" "$PV" --frob "$cl_missing"
cl_usage "cmdline: --mem=1 before a missing file" \
    '^pinvisor: --mem: 1 MiB is too small' "$PV" --mem=1 "$cl_missing"
cl_usage "cmdline: --gpio-trace without --gpio" \
    '^pinvisor: --gpio-trace and --gpio-stimulus need a --gpio:NAME' \
    "$PV" --gpio-trace="$TMPD/t.vcd" "$cl_hello"
cl_usage "cmdline: --gpio-stimulus without --gpio" \
    '^pinvisor: --gpio-trace and --gpio-stimulus need a --gpio:NAME' \
    "$PV" --gpio-stimulus="$TMPD/none.txt" "$cl_missing"
cl_usage "cmdline: --gpio-stimulus without a sim device" \
    '^pinvisor: --gpio-stimulus needs a sim GPIO device' \
    "$PV" --gpio:led=gpiochip0:17 --gpio-stimulus="$TMPD/none.txt" "$cl_led"
cl_usage "cmdline: --block-sector-size without --block" \
    '^pinvisor: --block-sector-size:storage given without --block:storage=PATH' \
    "$PV" --block-sector-size:storage=4096 "$cl_blk"
cl_usage "cmdline: --net-mac without --net" \
    '^pinvisor: --net-mac:service0 given without --net:service0=' \
    "$PV" --net-mac:service0=02:00:00:00:00:01 "$cl_net"
cl_usage "cmdline: --net:NAME=@abc" \
    "^pinvisor: --net:service0=@abc: 'abc' is not a file descriptor number" \
    "$PV" --net:service0=@abc "$cl_net"
cl_usage "cmdline: --net:NAME=@ with no number" \
    "^pinvisor: --net:service0=@: '' is not a file descriptor number" \
    "$PV" --net:service0=@ "$cl_net"
cl_usage "cmdline: a device option given twice" \
    "^pinvisor: --gpio:led=sim:1: device 'led' given twice" \
    "$PV" --gpio:led=sim:0 --gpio:led=sim:1 "$cl_missing"

# Grants: lines that do not exist or are granted twice.
for spec in 64 GPIO64 5-3 00 -1 4294967295; do
    case $spec in
    00) re="line offset '00' has a leading zero" ;;
    4294967295) re="the sim chip has no line '4294967295'" ;;
    *) re="the sim chip has no line '$spec' \\(GPIO0\\.\\.GPIO63 or 0\\.\\.63\\)" ;;
    esac
    cl_usage "grant: sim:$spec" "^pinvisor: --gpio:led=sim:$spec: $re" \
        "$PV" "--gpio:led=sim:$spec" "$cl_led"
done
cl_usage "grant: offset beyond 32 bits" \
    "^pinvisor: --gpio:led=gpiochip0:4294967296: line offset '4294967296' is out of range" \
    "$PV" --gpio:led=gpiochip0:4294967296 "$cl_led"
cl_usage "grant: sim:0,GPIO0 is one line twice" \
    "^pinvisor: --gpio:led=sim:0,GPIO0: line 'GPIO0' is granted twice" \
    "$PV" --gpio:led=sim:0,GPIO0 "$cl_led"
cl_usage "grant: one sim line in two devices" \
    "^pinvisor: --gpio:led=sim:GPIO3:out: line 'GPIO3' is already granted to device 'button'" \
    "$PV" --gpio:button=sim:3:in --gpio:led=sim:GPIO3:out "$cl_button"
cl_usage "grant: one chip line in two devices" \
    "^pinvisor: --gpio:led=gpiochip0:17: line '17' is already granted to device 'button'" \
    "$PV" --gpio:button=gpiochip0:17 --gpio:led=gpiochip0:17 "$cl_button"
cl_usage "grant: one chip line in two devices, chip by name and by path" \
    "^pinvisor: --gpio:led=/dev/gpiochip0:17: line '17' is already granted to device 'button'" \
    "$PV" --gpio:button=gpiochip0:17 --gpio:led=/dev/gpiochip0:17 "$cl_button"

# Options against the manifest: after the file is read, before KVM.
cl_usage "cmdline: --gpio for a device the unikernel lacks" \
    "^pinvisor: --gpio:nosuch=sim:0: the unikernel declares no device 'nosuch'" \
    "$PV" --gpio:nosuch=sim:0 "$cl_hello"
cl_usage "cmdline: --block for a GPIO device" \
    "^pinvisor: --block:led=$TMPD/x: device 'led' is GPIO_BASIC, not BLOCK_BASIC" \
    "$PV" "--block:led=$TMPD/x" "$cl_led"

# --- bad files: status 1, before KVM ---------------------------------------
cl_file "file: missing unikernel" \
    "^pinvisor: cannot open $cl_missing: No such file" "$PV" "$cl_missing"
cl_file "file: a declared device that is not attached" \
    "^pinvisor: device 'storage' \\(BLOCK_BASIC\\) is declared in the manifest but not attached" \
    "$PV" "$cl_blk"

# Block files are opened and sized with the other input files.
head -c 100 /dev/zero >"$TMPD/blk100"
head -c 1536 /dev/zero >"$TMPD/blk1536"
cl_file "file: missing block file" \
    "^pinvisor: block device 'storage': cannot open $TMPD/noblk: No such file" \
    "$PV" "--block:storage=$TMPD/noblk" "$cl_blk"
cl_file "file: block file smaller than a sector" \
    "^pinvisor: block device 'storage': $TMPD/blk100 is smaller than one 512-byte sector$" \
    "$PV" "--block:storage=$TMPD/blk100" "$cl_blk"
cl_file "file: block file not a whole number of sectors" \
    "^pinvisor: block device 'storage': the size of $TMPD/blk1536 is not a multiple of the 1024-byte sector size$" \
    "$PV" "--block:storage=$TMPD/blk1536" --block-sector-size:storage=1024 \
    "$cl_blk"

# A manifest entry of a type this tender does not know: patch entry 1's
# type (MFT1 content at +24; entry 1 at +24+8+104; type at +68).
cl_unknown_type() {
    f="$TMPD/unknown_type.hvt"
    cp "$cl_blk" "$f" || return 1
    for off in $(readelf -lW "$f" | awk '$1 == "NOTE" { print $2 }'); do
        t=$(od -An -tx4 -j $((off + 8)) -N 4 "$f" | tr -d ' ')
        if [ "$t" = 3154464d ]; then
            printf '\167\000\000\000' |
                dd of="$f" bs=1 seek=$((off + 24 + 8 + 104 + 68)) \
                    conv=notrunc 2>/dev/null
            echo "$f"
            return 0
        fi
    done
    return 1
}
# (Built only in a run of nokvm cases: readelf is this machine's.)
if ! phase_has nokvm; then
    : # another run has these cases
elif f=$(cl_unknown_type); then
    cl_file "file: a manifest device of unknown type" \
        "^pinvisor: $f: device 'storage' has manifest type 0x77, which this tender does not support" \
        "$PV" "--block:storage=$TMPD/x" "$f"
else
    case_fail "file: a manifest device of unknown type (1)" \
        "no MFT1 note in $cl_blk"
fi

# Stimulus files are read and checked before KVM.
# cl_stim NAME REGEX FILE: the button example with FILE as its stimulus
# is refused with status 1 and REGEX (cl_file).
cl_stim() {
    cl_file "$1" "$2" "$PV" --gpio:button=sim:1:in --gpio:led=sim:0:out \
        --gpio-stimulus="$3" "$cl_button"
}
cl_stim "stimulus: missing file" \
    "^pinvisor: gpio: cannot open stimulus file $TMPD/none.txt: No such file" \
    "$TMPD/none.txt"
printf '10ms button.0 1\n20ms button.0 0\000\n30ms button.0 1\n' \
    >"$TMPD/nul.txt"
cl_stim "stimulus: a NUL byte is an error naming its line" \
    "^pinvisor: gpio: $TMPD/nul.txt: line 2: NUL byte$" \
    "$TMPD/nul.txt"
printf '10ms button.0 1\n20ms nosuch.0 0\n' >"$TMPD/nodev.txt"
cl_stim "stimulus: a device that is not granted" \
    "^pinvisor: gpio: $TMPD/nodev.txt: device 'nosuch' is not a sim GPIO device" \
    "$TMPD/nodev.txt"
printf '10ms button.3 1\n' >"$TMPD/noline.txt"
cl_stim "stimulus: a line the device does not have" \
    "^pinvisor: gpio: $TMPD/noline.txt: device 'button' has no line 3" \
    "$TMPD/noline.txt"
printf '10ms button.GPIO1 1\n20ms button.GPIO5 0\n' >"$TMPD/noname.txt"
cl_stim "stimulus: a line name the device does not have" \
    "^pinvisor: gpio: $TMPD/noname.txt: line 2: device 'button' has no line 'GPIO5'\$" \
    "$TMPD/noname.txt"
printf '10ms nosuch.GPIO1 1\n' >"$TMPD/namenodev.txt"
cl_stim "stimulus: a line name of a device that is not granted" \
    "^pinvisor: gpio: $TMPD/namenodev.txt: line 1: device 'nosuch' is not a sim GPIO device\$" \
    "$TMPD/namenodev.txt"
# 80 000 distinct device names: refused at the 64th, in linear time.
awk 'BEGIN { for (i = 0; i < 80000; i++) printf "1ms d%d.0 1\n", i }' \
    >"$TMPD/names.txt"
cl_stim "stimulus: 80000 device names" \
    "^pinvisor: gpio: $TMPD/names.txt: line 64: more than 63 device names" \
    "$TMPD/names.txt"
# Larger than the 4 MiB limit.
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "%dns button.0 1\n", i }' \
    >"$TMPD/big.txt"
cl_stim "stimulus: a file over 4 MiB" \
    "^pinvisor: gpio: stimulus file $TMPD/big.txt is larger than 4 MiB" \
    "$TMPD/big.txt"

# --- command lines every check accepts --------------------------------------
# Nearly 4 MiB of stimulus for one device parses in linear time: a
# change every 2 ms from 100 ms on (the button's debounce is 1 ms).
awk 'BEGIN { for (i = 0; i < 180000; i++)
             printf "%dus button.0 %d\n", 100000 + 2000 * i, 1 - i % 2 }' \
    >"$TMPD/long.txt"
cl_valid "stimulus: a file of nearly 4 MiB" '^button: press 1 ' \
    "$PV" --gpio:button=sim:1:in --gpio:led=sim:0:out \
    --gpio-stimulus="$TMPD/long.txt" "$cl_button" 1
# Lines by name: the button's sim line GPIO1, pressed 3 s after start.
printf '3s button.GPIO1 1\n3.2s button.GPIO1 0\n' >"$TMPD/byname.txt"
cl_valid "stimulus: lines by name" '^button: press 1 ' \
    "$PV" --gpio:button=sim:1:in --gpio:led=sim:0:out \
    --gpio-stimulus="$TMPD/byname.txt" "$cl_button" 1
# One limit for GPIO devices: the 63 a manifest can declare.
cl_max=""
i=1
while [ $i -le 63 ]; do
    cl_max="$cl_max --gpio:g$i=sim:$((i - 1))"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # one word per option
cl_valid "limits: 63 GPIO devices, the most a manifest declares" '^SUCCESS$' \
    "$PV" $cl_max "$G/gpio_maxdevices.hvt"
# shellcheck disable=SC2086
cl_usage "limits: a 64th --gpio option" \
    "^pinvisor: --gpio:g64=sim:63: at most 63 GPIO devices" \
    "$PV" $cl_max --gpio:g64=sim:63 "$G/gpio_maxdevices.hvt"

# --- elftool gen-manifest ----------------------------------------------------
ET=${ELFTOOL:-"$B/pinvisor-elftool"}
printf '{"type": "solo5.manifest", "version": 1, "devices": [
  {"name": "ok", "type": "GPIO_BASIC"}, {"name": "bad", "type": "X"}]}\n' \
    >"$TMPD/bad.json"
expect "elftool: an invalid manifest is refused (1)" 1 \
    --out '^pinvisor-elftool: .*bad.json: device 1: "type" must be' \
    -- "$ET" gen-manifest "$TMPD/bad.json" "$TMPD/bad.c"
cl_no_output() {
    if [ -e "$TMPD/bad.c" ] || ls "$TMPD"/bad.c.tmp* >/dev/null 2>&1; then
        echo "output left behind: $(ls "$TMPD"/bad.c*)"
        return 1
    fi
}
check "elftool: a refused manifest leaves no output file" cl_no_output
echo 'previous' >"$TMPD/keep.c"
expect "elftool: an invalid manifest over an old output (1)" 1 \
    --out 'must be' -- "$ET" gen-manifest "$TMPD/bad.json" "$TMPD/keep.c"
cl_kept() {
    [ "$(cat "$TMPD/keep.c")" = previous ] || {
        echo "old output changed: $(head -c 200 "$TMPD/keep.c")"
        return 1
    }
}
check "elftool: a refused manifest leaves an old output as it was" cl_kept
# A file name that would end the C comment and inject code.
cl_evil="$TMPD/x*/
int injected;
/*"
mkdir -p "$cl_evil"
cp examples/blink/manifest.json "$cl_evil/m.json"
expect "elftool: gen-manifest with a hostile input path (0)" 0 \
    -- "$ET" gen-manifest "$cl_evil/m.json" "$TMPD/evil.c"
cl_compiles() {
    ${GUEST_CC:-gcc} -Iinclude -fsyntax-only -Werror "$TMPD/evil.c" 2>&1 ||
        return 1
    if grep -q 'int injected' "$TMPD/evil.c"; then
        echo "the file name reached the C source as code"
        return 1
    fi
    grep -q 'x\\x2a/\\x0aint\\x20injected' "$TMPD/evil.c" || {
        head -n 1 "$TMPD/evil.c"
        return 1
    }
}
check "elftool: the input path is escaped in the comment" cl_compiles
