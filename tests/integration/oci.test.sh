# SPDX-License-Identifier: ISC
# oci.test.sh: pinvisor-oci, the OCI runtime (docs/fleet.md), on bundles
# made here: a rootfs folder holding test unikernels and a config.json
# written by each case. Bad specs need no KVM (the tender only checks
# them); the lifecycle cases run guests; the GPIO cases use gpio-sim.
OCI_DIR="$TMPD/oci"
OCI_ROOT="$OCI_DIR/root"
OCI_B="$OCI_DIR/bundle"
OCI="$B/pinvisor-oci"
mkdir -p "$OCI_B/rootfs" "$OCI_ROOT"
cp "$G/hello.hvt" "$G/idle.hvt" "$G/net_ping.hvt" "$B/examples/blink.hvt" \
    "$OCI_B/rootfs/"
echo "not an ELF" >"$OCI_B/rootfs/text.hvt"
# Links out of the rootfs, to a host unikernel and a host device.
ln -sf "$(realpath "$G/hello.hvt")" "$OCI_B/rootfs/esc.hvt"
ln -sf /dev/null "$OCI_B/rootfs/disk.img"
mkdir -p "$OCI_B/rootfs/blkdir"

OCI_TRACES="$OCI_DIR/traces"
# podman and ctr run the runtime with its default trace directory.
OCI_DEFTR=/var/lib/pinvisor-oci/traces
rm -f "$OCI_DEFTR"/pv-*.vcd
oci() { "$OCI" --root "$OCI_ROOT" --trace-dir "$OCI_TRACES" "$@"; }

# ARGS [ANNOTATIONS [LINUX]]: writes the bundle's config.json; each a
# JSON fragment (the array's, the object's and linux's members).
oci_config() {
    cat >"$OCI_B/config.json" <<JSON
{"ociVersion": "1.1.0", "root": {"path": "rootfs"},
 "process": {"terminal": false, "cwd": "/", "args": [$1]},
 "annotations": {${2:-}}, "linux": {${3:-}}}
JSON
}

# True if the state root holds nothing.
oci_root_empty() {
    [ -z "$(ls -A "$OCI_ROOT")" ] || {
        echo "left in the state root: $(ls -A "$OCI_ROOT")"
        return 1
    }
}

# STATUS REGEX: create refuses the bundle with STATUS and exactly one
# line, matching REGEX, and leaves nothing in the state root.
oci_refused() {
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/pid" bad \
        >"$OCI_DIR/out" 2>&1
    st=$?
    [ "$st" = "$1" ] || { echo "status $st, expected $1"; cat "$OCI_DIR/out"; return 1; }
    [ "$(wc -l <"$OCI_DIR/out")" = 1 ] || { echo "not one line:"; cat "$OCI_DIR/out"; return 1; }
    grep -Eq -- "$2" "$OCI_DIR/out" || { echo "output: $(cat "$OCI_DIR/out")"; return 1; }
    oci_root_empty
}

CASE_KIND=nokvm
expect "oci: --version names the runtime-spec version" 0 \
    --out '^pinvisor-oci version [0-9.]+$' --out '^spec: 1\.1\.0$' \
    -- "$OCI" --version
expect "oci: features says what the runtime supports" 0 \
    --out '"ociVersionMax": "1\.1\.0"' --out '"org\.pinvisor\.gpio\.NAME"' \
    -- "$OCI" features
expect "oci: state of an unknown id is status 1 and one line" 1 \
    --out '^pinvisor-oci: container nosuch does not exist$' \
    -- "$OCI" --root "$OCI_ROOT" state nosuch
oci_config ''
check "oci: bad spec: no process.args (the tender's usage error, 2)" \
    oci_refused 2 '^pinvisor: missing UNIKERNEL operand \(see pinvisor --help\)$'
oci_config '"/nothere.hvt"'
check "oci: bad spec: the .hvt is missing (2)" \
    oci_refused 2 '^pinvisor-oci: cannot open nothere.hvt in the rootfs .*/rootfs: No such file or directory$'
oci_config '"/esc.hvt"'
check "oci: bad spec: a .hvt linking out of the rootfs (2)" \
    oci_refused 2 '^pinvisor-oci: cannot open esc.hvt in the rootfs .*/rootfs: No such file or directory$'
oci_config '"../../esc.hvt"'
check "oci: bad spec: a .hvt path with .. (2)" \
    oci_refused 2 "^pinvisor-oci: process.args\\[0\\]: '../../esc.hvt' leaves the container's root$"
oci_config '"/hello.hvt"' '"org.pinvisor.block.storage": "disk.img"'
check "oci: bad spec: a block file linking to a host device (2)" \
    oci_refused 2 '^pinvisor-oci: cannot open disk.img in the rootfs .*/rootfs: No such file or directory$'
oci_config '"/hello.hvt"' '"org.pinvisor.block.storage": "blkdir"'
check "oci: bad spec: a block file that is no regular file (2)" \
    oci_refused 2 '^pinvisor-oci: blkdir in the rootfs .*/rootfs: not a regular file$'
oci_config '"/text.hvt"'
check "oci: bad spec: the .hvt is not an ELF (1)" \
    oci_refused 1 '^pinvisor: /proc/self/fd/[0-9]+: file too short for an ELF header$'
oci_config '"/blink.hvt"' '"org.pinvisor.gpio.led": "sim:0:bogus"'
check "oci: bad spec: a bad grant in an annotation (the tender's 2)" \
    oci_refused 2 "^pinvisor: --gpio:led=sim:0:bogus: unknown option 'bogus'"
oci_config '"/blink.hvt"' '"org.pinvisor.gpio.led": "gpiochip0:0"'
check "oci: bad spec: a grant on a chip not in linux.devices (2)" \
    oci_refused 2 "^pinvisor-oci: annotation org.pinvisor.gpio.led: chip 'gpiochip0' is not among the spec's linux.devices"
oci_config '"/hello.hvt"' '"org.pinvisor.gpoi.led": "sim:0"'
check "oci: bad spec: an unknown org.pinvisor annotation (2)" \
    oci_refused 2 '^pinvisor-oci: unknown annotation org.pinvisor.gpoi.led$'
# FORMAT: the refusal is also one line in a --log of that format, and
# the spec's cgroup is not made.
oci_refused_logged() {
    log="$OCI_DIR/log.$1"
    rm -f "$log"
    "$OCI" --root "$OCI_ROOT" --trace-dir "$OCI_TRACES" --log "$log" \
        --log-format "$1" create --bundle "$OCI_B" bad >"$OCI_DIR/out" 2>&1
    st=$?
    want="unknown annotation org.pinvisor.gpoi.led"
    [ "$st" = 2 ] && [ "$(cat "$OCI_DIR/out")" = "pinvisor-oci: $want" ] ||
        { echo "status $st: $(cat "$OCI_DIR/out")"; return 1; }
    [ "$(wc -l <"$log")" = 1 ] || { echo "log:"; cat "$log"; return 1; }
    case $1 in
    json) grep -Eq '^\{"level":"error","msg":"'"$want"'","time":"[0-9T:-]+Z"\}$' "$log" ;;
    text) grep -Eq '^time="[0-9T:-]+Z" level=error msg="'"$want"'"$' "$log" ;;
    esac || { echo "log: $(cat "$log")"; return 1; }
    [ ! -e "/sys/fs/cgroup/pvocibad$$" ] || { echo "cgroup left"; return 1; }
    oci_root_empty
}
oci_config '"/hello.hvt"' '"org.pinvisor.gpoi.led": "sim:0"' "\"cgroupsPath\": \"/pvocibad$$\""
check "oci: bad spec: one line in a json --log too, no cgroup made" \
    oci_refused_logged json
check "oci: bad spec: one line in a text --log too, no cgroup made" \
    oci_refused_logged text
oci_config '"/hello.hvt"' '' '"resources": {"memory": {"limit": 4096}}'
check "oci: bad spec: a memory limit below 17 MiB (2)" \
    oci_refused 2 '^pinvisor-oci: linux.resources.memory.limit: 4096 bytes is less than 17 MiB \(16 MiB of it are the tender.s own\)$'
oci_config '"/hello.hvt"' '' '"resources": {"memory": {"limit": 8589934592}}'
check "oci: bad spec: a memory limit above the tender's (its 2)" \
    oci_refused 2 '^pinvisor: --mem: 8176 is out of range 1..4096 MiB'
oci_config '"/hello.hvt"' '' '"cgroupsPath": "machine.slice:libpod"'
check "oci: bad spec: a cgroupsPath of neither form (2)" \
    oci_refused 2 "^pinvisor-oci: linux.cgroupsPath: 'machine.slice:libpod' is neither a cgroupfs path"
# A trace annotation names a file under the trace directory only, new.
oci_trace_path_refused() {
    oci_refused 2 "^pinvisor-oci: annotation org.pinvisor.gpio-trace: '$OCI_DIR/victim' is not a file name \\(the trace goes under $OCI_TRACES\\)\$" &&
        [ "$(cat "$OCI_DIR/victim")" = victim ]
}
oci_trace_exists_refused() {
    oci_refused 1 '^pinvisor-oci: annotation org.pinvisor.gpio-trace: cannot make .*/traces/old.vcd: it exists \(a trace is never replaced\)$' &&
        [ "$(cat "$OCI_TRACES/old.vcd")" = kept ]
}
echo victim >"$OCI_DIR/victim"
oci_config '"/blink.hvt"' "\"org.pinvisor.gpio.led\": \"sim:0\",
    \"org.pinvisor.gpio-trace\": \"$OCI_DIR/victim\""
check "oci: bad spec: a gpio-trace path is refused, the file untouched (2)" \
    oci_trace_path_refused
mkdir -p "$OCI_TRACES" && echo kept >"$OCI_TRACES/old.vcd"
oci_config '"/blink.hvt"' '"org.pinvisor.gpio.led": "sim:0",
    "org.pinvisor.gpio-trace": "old.vcd"'
check "oci: bad spec: a gpio-trace file that exists is kept (1)" \
    oci_trace_exists_refused
oci_config '"/blink.hvt"' '"org.pinvisor.gpio.led": "sim:0"' 'bogus'
check "oci: bad spec: config.json is not JSON (2)" \
    oci_refused 2 '^pinvisor-oci: .*/config.json: cannot read or parse'

# A --console-socket path too long for a socket address: refused, not
# cut short.
oci_long_console() {
    oci_config '"/hello.hvt"'
    long="$OCI_DIR/$(printf 'c%.0s' $(seq 1 120))"
    oci create --bundle "$OCI_B" --console-socket "$long" bad >"$OCI_DIR/out" 2>&1
    st=$?
    [ "$st" = 1 ] && [ "$(cat "$OCI_DIR/out")" = "pinvisor-oci: --console-socket $long: longer than a socket path may be (107 bytes)" ] ||
        { echo "status $st: $(cat "$OCI_DIR/out")"; return 1; }
    oci_root_empty
}
check "oci: a --console-socket path over 107 bytes is refused (1)" \
    oci_long_console

# What a create killed between its mkdir and its save leaves: no
# state.json. delete --force removes it; then the id is free again.
oci_half_created() {
    mkdir -p "$OCI_ROOT/half" && : >"$OCI_ROOT/half/exec.fifo" || return 1
    oci delete --force half || { echo "delete --force: $?"; return 1; }
    [ ! -e "$OCI_ROOT/half" ] || { echo "ROOT/half is left"; return 1; }
    msg=$(oci state half 2>&1)
    [ $? = 1 ] && [ "$msg" = "pinvisor-oci: container half does not exist" ] ||
        { echo "state: $msg"; return 1; }
}
check "oci: delete --force removes a state dir without state.json" \
    oci_half_created

# ID FIELD: the value of FIELD in `state ID` (a string or a number).
oci_field() {
    oci state "$1" | sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p"
}

# ID STATUS: waits until `state ID` says STATUS.
oci_wait_status() {
    end=$(($(date +%s) + TIMEOUT))
    until [ "$(oci_field "$1" status)" = "$2" ]; do
        [ "$(date +%s)" -lt "$end" ] || return 1
        sleep 0.1
    done
}

# create -> created with the pid of the pid file, start -> running,
# the guest ends -> stopped, delete -> nothing left.
oci_lifecycle() {
    oci_config '"/idle.hvt", "2000"'
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/pid" life \
        >"$OCI_DIR/life.out" 2>&1 || { echo "create failed"; cat "$OCI_DIR/life.out"; return 1; }
    s=$(oci_field life status) p=$(oci_field life pid)
    [ "$s" = created ] && [ "$p" = "$(cat "$OCI_DIR/pid")" ] && [ "$p" -gt 0 ] ||
        { echo "after create: status $s pid $p, pid file $(cat "$OCI_DIR/pid")"; return 1; }
    [ "$(cat "/proc/$p/comm")" = pinvisor ] || { echo "pid $p is not the tender"; return 1; }
    grep -q 'idle: sleeping' "$OCI_DIR/life.out" && { echo "the guest ran before start"; return 1; }
    oci start life || { echo "start failed"; return 1; }
    s=$(oci_field life status)
    [ "$s" = running ] || { echo "after start: $s"; return 1; }
    oci_wait_status life stopped || { echo "never stopped"; return 1; }
    grep -q '^SUCCESS$' "$OCI_DIR/life.out" || { echo "no SUCCESS:"; cat "$OCI_DIR/life.out"; return 1; }
    oci delete life || return 1
    oci_root_empty
}

# kill before start: SIGTERM ends the held tender through its stop path
# (--all as runc takes it: the tender is the container's one process).
oci_kill_created() {
    oci_config '"/idle.hvt", "2000"'
    oci create --bundle "$OCI_B" held >"$OCI_DIR/held.out" 2>&1 || return 1
    oci kill --all held TERM || { echo "kill --all failed"; return 1; }
    oci_wait_status held stopped || { echo "still $(oci_field held status)"; return 1; }
    grep -q '^pinvisor: stopped by SIGTERM$' "$OCI_DIR/held.out" ||
        { echo "output:"; cat "$OCI_DIR/held.out"; return 1; }
    grep -q 'idle: sleeping' "$OCI_DIR/held.out" && { echo "the guest ran"; return 1; }
    oci delete held && oci_root_empty
}

# delete of a running container: refused, then done with --force.
oci_force_delete() {
    oci_config '"/idle.hvt", "600000"'
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/pid" busy \
        >"$OCI_DIR/busy.out" 2>&1 && oci start busy || return 1
    p=$(cat "$OCI_DIR/pid")
    msg=$(oci delete busy 2>&1)
    [ $? = 1 ] && [ "$msg" = "pinvisor-oci: container busy is running: stop it or use delete --force" ] ||
        { echo "plain delete: $msg"; return 1; }
    oci delete --force busy || return 1
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" != pinvisor ] || { echo "tender $p still runs"; return 1; }
    oci_root_empty
}

# Two creates of one id, the second while the first is inside create:
# the first blocks opening its pid file's temporary name, a FIFO, after
# its state is saved, holding ROOT/twice; the second fails in one line.
# Let go, the first fails too (a FIFO takes no fsync) and undoes.
oci_two_creates() {
    oci_config '"/idle.hvt", "600000"'
    rm -f "$OCI_DIR/twice.pid" "$OCI_DIR/twice.pid.tmp"
    mkfifo "$OCI_DIR/twice.pid.tmp" || return 1
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/twice.pid" twice \
        >"$OCI_DIR/c1.out" 2>&1 &
    p1=$!
    end=$(($(date +%s) + TIMEOUT))
    until [ -e "$OCI_ROOT/twice/state.json" ]; do
        kill -0 $p1 2>/dev/null && [ "$(date +%s)" -lt "$end" ] ||
            { echo "the first create never saved:"; cat "$OCI_DIR/c1.out"; return 1; }
        sleep 0.1
    done
    oci create --bundle "$OCI_B" twice >"$OCI_DIR/c2.out" 2>&1
    s2=$?
    kill -0 $p1 2>/dev/null || { echo "the first create did not wait"; return 1; }
    cat "$OCI_DIR/twice.pid.tmp" >/dev/null
    wait $p1
    s1=$?
    rm -f "$OCI_DIR/twice.pid.tmp"
    [ $s2 = 1 ] && [ "$(cat "$OCI_DIR/c2.out")" = "pinvisor-oci: container twice already exists" ] ||
        { echo "the second: status $s2, $(cat "$OCI_DIR/c2.out")"; return 1; }
    [ $s1 = 1 ] && [ "$(cat "$OCI_DIR/c1.out")" = "pinvisor-oci: cannot write the state of twice" ] ||
        { echo "the first: status $s1, $(cat "$OCI_DIR/c1.out")"; return 1; }
    oci_root_empty
}

CASE_KIND=kvm
check "oci: lifecycle: created with a pid, running, stopped, deleted" \
    oci_lifecycle
check "oci: kill --all TERM before start stops the held tender" oci_kill_created
check "oci: delete of a running container needs --force" oci_force_delete
check "oci: a create of an id while another creates it fails in one line" oci_two_creates
oci_config '"/hello.hvt", "Goodbye"'
expect "oci: run exits with the unikernel's status (1)" 1 --out 'FAILURE' \
    -- "$OCI" --root "$OCI_ROOT" run --bundle "$OCI_B" ran
check "oci: run leaves nothing in the state root" oci_root_empty

# SIGTERM to `run` reaches the tender (its own session): it stops
# through its stop path, run exits with its status, nothing is left.
oci_run_sigterm() {
    oci_config '"/idle.hvt", "600000"'
    "$OCI" --root "$OCI_ROOT" run --bundle "$OCI_B" runsig \
        >"$OCI_DIR/runsig.out" 2>&1 &
    rp=$!
    oci_wait_status runsig running || { echo "never running"; kill -9 $rp; return 1; }
    p=$(oci_field runsig pid)
    kill -TERM $rp
    wait $rp
    st=$?
    [ "$st" = 1 ] || { echo "run: status $st"; cat "$OCI_DIR/runsig.out"; return 1; }
    grep -q '^pinvisor: stopped by SIGTERM$' "$OCI_DIR/runsig.out" ||
        { echo "output:"; cat "$OCI_DIR/runsig.out"; return 1; }
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" != pinvisor ] || { echo "tender $p still runs"; kill -9 "$p"; return 1; }
    oci_root_empty
}
check "oci: SIGTERM to run stops the tender, nothing left" oci_run_sigterm

# The container's network (docs/fleet.md, "Network"): a namespace made
# here as podman's would be, its eth0 one end of a veth pair whose other
# end is this host's 10.89.0.1; the bundle names the namespace's path.
OCI_NS="pvoci$$"
OCI_NS_CFG="\"namespaces\": [{\"type\": \"network\", \"path\": \"/run/netns/$OCI_NS\"}]"
oci_ns_setup() {
    ip netns add "$OCI_NS" &&
        ip link add "pvh$$" type veth peer name eth0 netns "$OCI_NS" &&
        ip addr add 10.89.0.1/24 dev "pvh$$" && ip link set "pvh$$" up &&
        ip -n "$OCI_NS" addr add 10.89.0.2/24 dev eth0 &&
        ip -n "$OCI_NS" link set eth0 up &&
        ip -n "$OCI_NS" route add default via 10.89.0.1
}
oci_ns_teardown() { ip netns del "$OCI_NS" 2>/dev/null; }

# Nothing of the runtime's left in the namespace: no tap, no qdisc on eth0.
oci_ns_clean() {
    left=$(ip -n "$OCI_NS" -o link show | grep -c pvtap)
    q=$(tc -n "$OCI_NS" qdisc show dev eth0 ingress)
    [ "$left" = 0 ] && [ -z "$q" ] ||
        { echo "left in the namespace: $left taps, qdisc '$q'"; return 1; }
}

# STATUS REGEX: oci_refused, and nothing left in the namespace.
oci_net_refused() { oci_refused "$@" && oci_ns_clean; }

# create: a tap joined to eth0; start: the ping guest, at eth0's address
# and MAC, answers 3 pings from this host and ends; delete: nothing left.
oci_net_ping() {
    oci_config '"/net_ping.hvt", "3"' '' "$OCI_NS_CFG"
    oci create --bundle "$OCI_B" np >"$OCI_DIR/np.out" 2>&1 ||
        { echo "create failed"; cat "$OCI_DIR/np.out"; return 1; }
    ip -n "$OCI_NS" -o link show | grep -q 'pvtap0:.*UP' ||
        { echo "no tap up in the namespace"; ip -n "$OCI_NS" link; return 1; }
    oci start np || return 1
    wait_for_line "$OCI_DIR/np.out" '^Serving ping' "" || return 1
    ping -c 3 -W 10 10.89.0.2 >"$OCI_DIR/np.ping" 2>&1 ||
        { echo "ping:"; cat "$OCI_DIR/np.ping"; cat "$OCI_DIR/np.out"; return 1; }
    oci_wait_status np stopped || { echo "never stopped"; return 1; }
    grep -q '^Serving ping on 10\.89\.0\.2, MTU 1500, 3 requests$' "$OCI_DIR/np.out" &&
        grep -q '^SUCCESS: answered 3 echo requests$' "$OCI_DIR/np.out" ||
        { cat "$OCI_DIR/np.out"; return 1; }
    mac=$(ip -n "$OCI_NS" -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
    ip neigh show 10.89.0.2 dev "pvh$$" | grep -q "lladdr $mac " ||
        { echo "the guest did not answer with eth0's MAC $mac: $(ip neigh show 10.89.0.2)"; return 1; }
    oci delete np && oci_root_empty && oci_ns_clean
}

oci_net_cases() {
    check "oci net: the ping guest answers at eth0's address and MAC; delete leaves nothing" \
        oci_net_ping
    oci_config '"/net_ping.hvt"' '"org.pinvisor.net.service": "eth9"' "$OCI_NS_CFG"
    check "oci net: bad spec: an interface the namespace lacks (2)" \
        oci_net_refused 2 "^pinvisor-oci: annotation org.pinvisor.net.service: no interface 'eth9' in the container's network namespace$"
    oci_config '"/net_ping.hvt"' '"org.pinvisor.net.nosuch": "eth0"' "$OCI_NS_CFG"
    check "oci net: bad spec: a device the unikernel does not declare (the tender's 2)" \
        oci_net_refused 2 "^pinvisor: --net:nosuch=@3: "
    oci_config '"/net_ping.hvt"' '"org.pinvisor.net.service": "eth0"'
    check "oci net: bad spec: a net annotation without a network namespace (2)" \
        oci_net_refused 2 '^pinvisor-oci: annotation org.pinvisor.net.service: the spec gives no network namespace \(linux.namespaces\)$'
    oci_config '"/net_ping.hvt"' '' '"namespaces": [{"type": "network", "path": "/run/netns/nosuch"}]'
    check "oci net: bad spec: a network namespace that does not exist (1)" \
        oci_refused 1 '^pinvisor-oci: network namespace /run/netns/nosuch: No such file or directory$'
}
# The arm64 test VM has no network namespaces (busybox): net.c is tested
# on x86_64 only.
if [ "$ARCH" != aarch64 ] && phase_has kvm; then
    if [ "$(id -u)" = 0 ] && oci_ns_setup >"$OCI_DIR/ns.out" 2>&1; then
        oci_net_cases
    else
        case_fail "oci net: a network namespace with a veth pair" "$(cat "$OCI_DIR/ns.out")"
    fi
    oci_ns_teardown
fi

# The tender's side of the hold (tender/start_hold.c).
CASE_KIND=nokvm
expect "tender: --check-only exits 0 before acquiring anything" 0 \
    --not '.' -- "$PV" --check-only "$G/hello.hvt"
expect "tender: --start-fifo on a file that is no FIFO is refused (1)" 1 \
    --out "^pinvisor: --start-fifo: $OCI_B/config.json is not a FIFO$" \
    -- "$PV" --start-fifo="$OCI_B/config.json" "$G/hello.hvt"

# podman with this runtime, on gpio-sim (docs/fleet.md): an image built
# offline FROM scratch (examples/oci/Containerfile) holding blink. Its
# storage lives in the test's own folder.
OCI_PODMAN="podman --root $OCI_DIR/storage --runroot $OCI_DIR/run
    --storage-driver vfs --cgroup-manager cgroupfs --runtime=$PWD/$OCI"

# A gpio-sim chip labelled oci-sim, line 0 named GPIO17; sets OCI_CHIP
# and OCI_SIM (its sysfs folder).
oci_sim_setup() {
    gpiosim_chip oci oci-sim 24 0=GPIO17 || return 1
    OCI_CHIP=$GPIOSIM_CHIP OCI_SIM=$GPIOSIM_SYS
}

# podman needs cgroup2; the test VM mounts none.
oci_podman_setup() {
    [ -e /sys/fs/cgroup/cgroup.controllers ] ||
        mount -t cgroup2 none /sys/fs/cgroup || return 1
    $OCI_PODMAN build -q -f examples/oci/Containerfile -t pinvisor/blink \
        "$B/examples" >"$OCI_DIR/build.out" 2>&1 ||
        { cat "$OCI_DIR/build.out"; return 1; }
}

# Changes between 0 and 1 in a list of samples, or of SIGNAL in a VCD.
oci_sample_changes() { awk 'NR > 1 && $1 != p { n++ } { p = $1 } END { print n + 0 }' "$1"; }
oci_trace_changes() {
    scripts/vcd-timeline.sh "$1" "$2" | awk '
        ($4 == "0" || $4 == "1") && (p == "0" || p == "1") && $4 != p { n++ }
        { p = $4 } END { print n + 0 }'
}
oci_trace_last() { scripts/vcd-timeline.sh "$1" "$2" | tail -n 1 | awk '{ print $4 }'; }

# podman run of blink (10 blinks, 1 s each) granted GPIO17 by label on
# the chip given with --device, sampling the line in gpio-sim's sysfs.
oci_podman_blink() {
    $OCI_PODMAN run --network none --name blink1 --device "/dev/$OCI_CHIP" \
        --annotation '"org.pinvisor.gpio.led=oci-sim:GPIO17:out,safe=0"' \
        --annotation org.pinvisor.gpio-trace=pv-blink.vcd \
        pinvisor/blink 10 1000 >"$OCI_DIR/blink.out" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        read -r v <"$OCI_SIM/sim_gpio0/value"
        echo "$v"
    done >"$OCI_DIR/blink.samples"
    wait "$pid"
    st=$?
    [ "$st" = 0 ] || { echo "podman run: status $st"; cat "$OCI_DIR/blink.out"; return 1; }
    s=$(oci_sample_changes "$OCI_DIR/blink.samples")
    t=$(oci_trace_changes "$OCI_DEFTR/pv-blink.vcd" led.GPIO17)
    [ "$s" = 20 ] && [ "$t" = 20 ] ||
        { echo "sysfs showed $s transitions, the trace $t; expected 20"; return 1; }
    [ "$(tail -n 1 "$OCI_DIR/blink.samples")" = 0 ] &&
        [ "$(oci_trace_last "$OCI_DEFTR/pv-blink.vcd" led.GPIO17)" = 0 ] ||
        { echo "the line did not end low"; return 1; }
    $OCI_PODMAN logs blink1 >"$OCI_DIR/logs.out" 2>&1
    grep -q '^blink: 10 blinks, period 1000 ms$' "$OCI_DIR/logs.out" &&
        grep -q '^blink: done$' "$OCI_DIR/logs.out" ||
        { echo "podman logs:"; cat "$OCI_DIR/logs.out"; return 1; }
    $OCI_PODMAN rm blink1 >/dev/null
}

# podman stop of a long blink: one blink of 60 s turns the LED on for
# 30 s; stopped while on, SIGTERM takes the tender's stop path, which
# drives the line to its safe value 0 (blink itself would not before
# 30 s): two transitions in the trace, the last to 0. podman splits
# --annotation at commas, as CSV: quotes keep a grant's options together.
oci_podman_stop() {
    $OCI_PODMAN run -d --network none --name blink2 --device "/dev/$OCI_CHIP" \
        --annotation "\"org.pinvisor.gpio.led=/dev/$OCI_CHIP:GPIO17:out,safe=0\"" \
        --annotation org.pinvisor.gpio-trace=pv-stop.vcd \
        pinvisor/blink 1 60000 >"$OCI_DIR/stop.out" 2>&1 || { cat "$OCI_DIR/stop.out"; return 1; }
    end=$(($(date +%s) + TIMEOUT))
    until [ "$(cat "$OCI_SIM/sim_gpio0/value")" = 1 ]; do
        [ "$(date +%s)" -lt "$end" ] || { echo "the LED never went on"; return 1; }
        sleep 0.2
    done
    $OCI_PODMAN stop -t 30 blink2 >/dev/null 2>&1 || { echo "podman stop failed"; return 1; }
    $OCI_PODMAN logs blink2 2>&1 | grep -q '^pinvisor: stopped by SIGTERM$' ||
        { echo "podman logs:"; $OCI_PODMAN logs blink2; return 1; }
    n=$(oci_trace_changes "$OCI_DEFTR/pv-stop.vcd" led.GPIO17)
    last=$(oci_trace_last "$OCI_DEFTR/pv-stop.vcd" led.GPIO17)
    [ "$n" = 2 ] && [ "$last" = 0 ] ||
        { echo "$n transitions, the line ended at '$last'; expected 2, at 0"; return 1; }
    $OCI_PODMAN rm blink2 >/dev/null
}

# podman run -t: conmon passes --console-socket; the tender's stdio is
# the pty whose master the runtime sent over it.
oci_podman_tty() {
    $OCI_PODMAN run -t --rm --network none \
        --annotation org.pinvisor.gpio.led=sim:0 pinvisor/blink 1 10 \
        >"$OCI_DIR/tty.out" 2>&1 || { echo "status $?"; cat "$OCI_DIR/tty.out"; return 1; }
    grep -q 'blink: done' "$OCI_DIR/tty.out" || { cat "$OCI_DIR/tty.out"; return 1; }
    # A pty turns the guest's "\n" into "\r\n".
    grep -q "$(printf 'blink: done\r')" "$OCI_DIR/tty.out" ||
        { echo "no pty line ending in the output"; return 1; }
}

# podman's default network (CNI's bridge in this VM: 10.88.0.0/16): an
# image FROM scratch holding the ping guest; run detached, it answers 3
# pings from this host at the address podman inspect gives, and ends.
oci_podman_ping() {
    printf '%s\n' 'FROM scratch' 'COPY net_ping.hvt /net_ping.hvt' \
        'ENTRYPOINT ["/net_ping.hvt"]' >"$OCI_DIR/Containerfile.ping"
    $OCI_PODMAN build -q -f "$OCI_DIR/Containerfile.ping" -t pinvisor/ping "$G" \
        >"$OCI_DIR/pbuild.out" 2>&1 || { cat "$OCI_DIR/pbuild.out"; return 1; }
    $OCI_PODMAN run -d --name ping1 pinvisor/ping 3 >"$OCI_DIR/prun.out" 2>&1 ||
        { echo "podman run:"; cat "$OCI_DIR/prun.out"; return 1; }
    ip=$($OCI_PODMAN inspect -f '{{.NetworkSettings.IPAddress}}' ping1)
    case $ip in 10.88.*) ;; *) echo "podman inspect: address '$ip'"; return 1 ;; esac
    end=$(($(date +%s) + TIMEOUT))
    until $OCI_PODMAN logs ping1 2>&1 | grep -q "^Serving ping on $ip,"; do
        [ "$(date +%s)" -lt "$end" ] || { echo "logs:"; $OCI_PODMAN logs ping1; return 1; }
        sleep 0.5
    done
    ping -c 3 -W 10 "$ip" >"$OCI_DIR/pping.out" 2>&1 ||
        { cat "$OCI_DIR/pping.out"; $OCI_PODMAN logs ping1; return 1; }
    st=$($OCI_PODMAN wait ping1)
    $OCI_PODMAN logs ping1 >"$OCI_DIR/plogs.out" 2>&1
    $OCI_PODMAN rm ping1 >/dev/null
    [ "$st" = 0 ] && grep -q '^SUCCESS: answered 3 echo requests$' "$OCI_DIR/plogs.out" ||
        { echo "status $st; logs:"; cat "$OCI_DIR/plogs.out"; return 1; }
}

# The ping guest serving until stopped (COUNT 0): it answers, and podman
# stop ends it through the tender's stop path.
oci_podman_ping_stop() {
    $OCI_PODMAN run -d --name ping2 pinvisor/ping 0 >"$OCI_DIR/prun2.out" 2>&1 ||
        { echo "podman run:"; cat "$OCI_DIR/prun2.out"; return 1; }
    ip=$($OCI_PODMAN inspect -f '{{.NetworkSettings.IPAddress}}' ping2)
    end=$(($(date +%s) + TIMEOUT))
    until $OCI_PODMAN logs ping2 2>&1 | grep -q "^Serving ping on $ip,"; do
        [ "$(date +%s)" -lt "$end" ] || { echo "logs:"; $OCI_PODMAN logs ping2; return 1; }
        sleep 0.5
    done
    ping -c 2 -W 10 "$ip" >"$OCI_DIR/pping2.out" 2>&1 ||
        { cat "$OCI_DIR/pping2.out"; return 1; }
    $OCI_PODMAN stop -t 30 ping2 >/dev/null 2>&1 || { echo "podman stop failed"; return 1; }
    $OCI_PODMAN logs ping2 >"$OCI_DIR/plogs2.out" 2>&1
    $OCI_PODMAN rm ping2 >/dev/null
    grep -q '^pinvisor: stopped by SIGTERM$' "$OCI_DIR/plogs2.out" ||
        { echo "logs:"; cat "$OCI_DIR/plogs2.out"; return 1; }
}

# A net annotation naming an interface the container lacks, under podman.
oci_podman_net_refused() {
    $OCI_PODMAN run --rm --annotation org.pinvisor.net.service=eth9 \
        pinvisor/ping 3 >"$OCI_DIR/nrefused.out" 2>&1
    st=$?
    [ "$st" = 126 ] && grep -q "pinvisor-oci: annotation org.pinvisor.net.service: no interface 'eth9' in the container's network namespace" \
        "$OCI_DIR/nrefused.out" || { echo "status $st"; cat "$OCI_DIR/nrefused.out"; return 1; }
}

# A grant on a chip the container was not given with --device.
oci_podman_refused() {
    $OCI_PODMAN run --network none --name refused1 \
        --annotation org.pinvisor.gpio.led=oci-sim:GPIO17:out \
        pinvisor/blink >"$OCI_DIR/refused.out" 2>&1
    st=$?
    [ "$st" = 126 ] || { echo "status $st, expected podman's 126"; cat "$OCI_DIR/refused.out"; return 1; }
    grep -q "pinvisor-oci: annotation org.pinvisor.gpio.led: chip 'oci-sim' is not among the spec's linux.devices" \
        "$OCI_DIR/refused.out" || { cat "$OCI_DIR/refused.out"; return 1; }
    # podman gives the runtime its own --root (not $OCI_ROOT): no state
    # of this container anywhere podman may put it.
    cid=$($OCI_PODMAN inspect --format '{{.Id}}' refused1)
    $OCI_PODMAN rm -f refused1 >/dev/null 2>&1
    [ -n "$cid" ] || { echo "podman knows no refused1"; return 1; }
    left=$(find /run "$OCI_DIR/run" -type d -name "$cid" \
        -exec test -e {}/state.json -o -e {}/exec.fifo \; -print 2>/dev/null)
    [ -z "$left" ] || { echo "runtime state left: $left"; return 1; }
}

# containerd's runc shim (io.containerd.runc.v2, the path a kubelet
# drives) with this runtime as its runc binary: ctr run, task kill, task
# ls. The image goes in as an OCI archive saved by podman; containerd
# runs from the test's folder, with the native snapshotter.
OCI_CTR="ctr --address $OCI_DIR/ctd/sock"
oci_ctr_cases() {
    command -v containerd >/dev/null || { case_fail "oci ctr: containerd" "not installed"; return; }
    mkdir -p "$OCI_DIR/ctd"
    containerd --root "$OCI_DIR/ctd/root" --state "$OCI_DIR/ctd/state" \
        --address "$OCI_DIR/ctd/sock" >"$OCI_DIR/ctd/log" 2>&1 &
    ctd=$!
    check "oci ctr: containerd takes the image as an OCI archive" oci_ctr_import &&
        check "oci ctr: ctr run of blink through the runc shim exits 0, 20 transitions" \
            oci_ctr_run &&
        check "oci ctr: task ls shows it running, task kill stops it at its safe value" \
            oci_ctr_kill
    kill "$ctd"
    wait "$ctd" 2>/dev/null
}

oci_ctr_import() {
    end=$(($(date +%s) + TIMEOUT))
    until $OCI_CTR version >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || { echo "containerd did not start"; tail -n 5 "$OCI_DIR/ctd/log"; return 1; }
        sleep 0.5
    done
    $OCI_PODMAN save -q --format oci-archive -o "$OCI_DIR/blink.tar" pinvisor/blink &&
        $OCI_CTR images import --snapshotter native "$OCI_DIR/blink.tar" >/dev/null
}

oci_ctr_run() {
    $OCI_CTR run --rm --snapshotter native --runc-binary "$PWD/$OCI" \
        --device "/dev/$OCI_CHIP" \
        --annotation org.pinvisor.gpio.led=oci-sim:GPIO17:out,safe=0 \
        --annotation org.pinvisor.gpio-trace=pv-ctr.vcd \
        localhost/pinvisor/blink:latest c1 /blink.hvt 10 200 >"$OCI_DIR/ctr.out" 2>&1
    st=$?
    [ "$st" = 0 ] && grep -q '^blink: done$' "$OCI_DIR/ctr.out" ||
        { echo "ctr run: status $st"; cat "$OCI_DIR/ctr.out"; return 1; }
    t=$(oci_trace_changes "$OCI_DEFTR/pv-ctr.vcd" led.GPIO17)
    [ "$t" = 20 ] || { echo "$t transitions in the trace, expected 20"; return 1; }
}

# ID STATUS: waits until ctr task ls shows task ID with STATUS.
oci_ctr_status() {
    end=$(($(date +%s) + TIMEOUT))
    until $OCI_CTR task ls | grep -Eq "^$1 +[0-9]+ +$2\$"; do
        [ "$(date +%s)" -lt "$end" ] || { echo "task ls:"; $OCI_CTR task ls; return 1; }
        sleep 0.2
    done
}

oci_ctr_kill() {
    $OCI_CTR run -d --snapshotter native --runc-binary "$PWD/$OCI" \
        --device "/dev/$OCI_CHIP" \
        --annotation org.pinvisor.gpio.led=oci-sim:GPIO17:out,safe=0 \
        --annotation org.pinvisor.gpio-trace=pv-ctrkill.vcd \
        localhost/pinvisor/blink:latest c2 /blink.hvt 1 60000 >"$OCI_DIR/ctr2.out" 2>&1 ||
        { cat "$OCI_DIR/ctr2.out"; return 1; }
    oci_ctr_status c2 RUNNING || return 1
    end=$(($(date +%s) + TIMEOUT))
    until [ "$(cat "$OCI_SIM/sim_gpio0/value")" = 1 ]; do
        [ "$(date +%s)" -lt "$end" ] || { echo "the LED never went on"; return 1; }
        sleep 0.2
    done
    $OCI_CTR task kill c2 && oci_ctr_status c2 STOPPED || return 1
    n=$(oci_trace_changes "$OCI_DEFTR/pv-ctrkill.vcd" led.GPIO17)
    last=$(oci_trace_last "$OCI_DEFTR/pv-ctrkill.vcd" led.GPIO17)
    $OCI_CTR task delete c2 >/dev/null && $OCI_CTR container delete c2 >/dev/null
    [ "$n" = 2 ] && [ "$last" = 0 ] ||
        { echo "$n transitions, the line ended at '$last'; expected 2, at 0"; return 1; }
}

# linux.cgroupsPath (cgroup v2, cgroupfs path): the tender is moved
# there before it runs; delete removes the folder. (cgroup2 is mounted by
# oci_podman_setup.)
oci_cgroup() {
    oci_config '"/idle.hvt", "600000"' '' '"cgroupsPath": "/pinvisor-oci-test/cg1"'
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/pid" cg1 \
        >"$OCI_DIR/cg1.out" 2>&1 || { cat "$OCI_DIR/cg1.out"; return 1; }
    got=$(cat "/proc/$(cat "$OCI_DIR/pid")/cgroup")
    oci delete --force cg1 || return 1
    [ "$got" = "0::/pinvisor-oci-test/cg1" ] || { echo "the tender's cgroup: $got"; return 1; }
    [ ! -e /sys/fs/cgroup/pinvisor-oci-test ] ||
        { echo "the cgroup or the parent create made is left"; rmdir /sys/fs/cgroup/pinvisor-oci-test/cg1 /sys/fs/cgroup/pinvisor-oci-test; return 1; }
    oci_root_empty
}

# A systemd cgroupsPath (slice:prefix:name) is the scope's folder in its
# slice; the spec's memory, CPU and pids limits are written there.
oci_cgroup_systemd() {
    oci_config '"/idle.hvt", "600000"' '' '"cgroupsPath": "pvtest.slice:pinvisor:cg2",
        "resources": {"memory": {"limit": 67108864}, "pids": {"limit": 64},
        "cpu": {"quota": 50000, "period": 100000, "shares": 1024}}'
    oci create --bundle "$OCI_B" --pid-file "$OCI_DIR/pid" cg2 \
        >"$OCI_DIR/cg2.out" 2>&1 || { cat "$OCI_DIR/cg2.out"; return 1; }
    cg=/sys/fs/cgroup/pvtest.slice/pinvisor-cg2.scope
    got="$(cat "/proc/$(cat "$OCI_DIR/pid")/cgroup") $(cat "$cg/memory.max") $(cat "$cg/pids.max") $(cat "$cg/cpu.max") $(cat "$cg/cpu.weight")"
    oci delete --force cg2 || return 1
    [ "$got" = "0::/pvtest.slice/pinvisor-cg2.scope 67108864 64 50000 100000 39" ] ||
        { echo "cgroup, memory.max, pids.max, cpu.max, cpu.weight: $got"; return 1; }
    [ ! -e /sys/fs/cgroup/pvtest.slice ] ||
        { echo "the cgroup or the slice create made is left"; rmdir "$cg" /sys/fs/cgroup/pvtest.slice; return 1; }
    oci_root_empty
}

# A failure after the tap is made: a CPU quota below the kernel's 1 ms
# minimum, which cpu.max refuses. create fails with status 1 and one
# line, and leaves nothing in the namespace, the cgroups or the state.
oci_net_late_failure() {
    oci_ns_setup || return 1
    oci_config '"/net_ping.hvt", "3"' '' "$OCI_NS_CFG,
        \"cgroupsPath\": \"/pinvisor-oci-test/cg3\",
        \"resources\": {\"cpu\": {\"quota\": 10, \"period\": 100000}}"
    oci_net_refused 1 "^pinvisor-oci: cgroup /sys/fs/cgroup/pinvisor-oci-test/cg3: cannot write cpu.max '10 100000': Invalid argument$"
    rc=$?
    [ ! -e /sys/fs/cgroup/pinvisor-oci-test ] ||
        { echo "the cgroup or the parent create made is left"; rc=1; rmdir /sys/fs/cgroup/pinvisor-oci-test/cg3 /sys/fs/cgroup/pinvisor-oci-test 2>/dev/null; }
    oci_ns_teardown
    return $rc
}

# 20 containers on one gpio-sim chip, container N granted line N: all
# created (each tender holds its line), then all started at once; a 21st
# asking for line 1 refused at create while they run; every trace shows
# its own 20 transitions.
oci_twenty() {
    dev="\"devices\": [{\"path\": \"/dev/$OCI_CHIP\", \"type\": \"c\"}]"
    for n in $(seq 1 20); do
        oci_config '"/blink.hvt", "10", "1500"' \
            "\"org.pinvisor.gpio.led\": \"$OCI_CHIP:$n:out\",
             \"org.pinvisor.gpio-trace\": \"t$n.vcd\"" \
            "$dev, \"resources\": {\"memory\": {\"limit\": 33554432}}"
        oci create --bundle "$OCI_B" "many$n" >"$OCI_DIR/many$n.out" 2>&1 ||
            { echo "create many$n failed:"; cat "$OCI_DIR/many$n.out"; return 1; }
    done
    for n in $(seq 1 20); do oci start "many$n" || return 1; done
    # A 21st on a line the first holds, refused while the 20 run.
    oci_config '"/blink.hvt"' "\"org.pinvisor.gpio.led\": \"$OCI_CHIP:1:out\"" "$dev"
    oci create --bundle "$OCI_B" busy1 >"$OCI_DIR/busy1.out" 2>&1
    st=$?
    [ "$st" = 1 ] && grep -q '^pinvisor: ' "$OCI_DIR/busy1.out" &&
        [ ! -e "$OCI_ROOT/busy1" ] ||
        { echo "a create on a held line: status $st"; cat "$OCI_DIR/busy1.out"; return 1; }
    [ "$(oci_field many1 status)" = running ] ||
        { echo "many1 had ended before the 21st was refused"; return 1; }
    for n in $(seq 1 20); do
        oci_wait_status "many$n" stopped || { echo "many$n never stopped"; return 1; }
    done
    for n in $(seq 1 20); do
        grep -q '^blink: done$' "$OCI_DIR/many$n.out" ||
            { echo "many$n:"; cat "$OCI_DIR/many$n.out"; return 1; }
        t=$(oci_trace_changes "$OCI_TRACES/t$n.vcd" "led.line$n")
        [ "$t" = 20 ] || { echo "many$n: $t transitions of line $n, expected 20"; return 1; }
        oci delete "many$n" || return 1
    done
    oci_root_empty
}

CASE_KIND=gpiosim
# podman and containerd run in the x86_64 test VM, which shares this
# machine's packages; the arm64 VM has neither (docs/testing.md).
if [ "$ARCH" = aarch64 ]; then
    : # the lifecycle cases above run there; podman and ctr do not
elif case_begin "oci podman: gpio-sim chip and image built FROM scratch"; then
    if [ "$(id -u)" = 0 ] && command -v podman >/dev/null && oci_sim_setup &&
        oci_podman_setup >"$OCI_DIR/setup.out" 2>&1; then
        pass "oci podman: gpio-sim chip and image built FROM scratch"
        check "oci podman: blink run exits 0, 20 transitions, line ends low, podman logs" \
            oci_podman_blink
        check "oci podman: podman stop leaves the line at its safe value" \
            oci_podman_stop
        check "oci podman: a grant on a chip not given with --device is refused" \
            oci_podman_refused
        check "oci podman: run -t gives the guest a pty over --console-socket" \
            oci_podman_tty
        check "oci podman: the ping guest answers at its address on podman's default network" \
            oci_podman_ping && {
            check "oci podman: the ping guest answers until podman stop ends it" \
                oci_podman_ping_stop
            check "oci podman: a net annotation on an interface the container lacks is refused" \
                oci_podman_net_refused
        }
        oci_ctr_cases
        check "oci: the tender runs in the spec's cgroupsPath, delete removes it" \
            oci_cgroup
        check "oci: a systemd cgroupsPath is its scope's folder, with the spec's limits" \
            oci_cgroup_systemd
        check "oci net: a failure after the tap is made leaves nothing behind" \
            oci_net_late_failure
        check "oci: 20 containers at once on one chip, a line each, 20 waveforms" \
            oci_twenty
        gpiosim_remove oci
    else
        fail "oci podman: gpio-sim chip and image built FROM scratch" \
            "$(cat "$OCI_DIR/setup.out" 2>/dev/null)"
    fi
fi
