# SPDX-License-Identifier: ISC
# dropin.test.sh: the tender as a solo5-hvt drop-in (docs/fleet.md): run
# under a name starting "solo5-hvt", a bad command line exits 1 as
# Solo5's tender does; urunc's and Albatross's exact command lines run
# the hello and blk test unikernels unchanged.
DROPIN="$TMPD/dropin"
mkdir -p "$DROPIN"
ln -sf "$PWD/$PV" "$DROPIN/solo5-hvt"
ln -sf "$PWD/$PV" "$DROPIN/solo5-hvt.2"
DROP_IMG="$DROPIN/blk.img"

CASE_KIND=nokvm
expect "solo5-hvt drop-in: an unknown option exits 1, not 2" 1 \
    --out "^pinvisor: unknown option '--bogus' \(see pinvisor --help\)$" \
    -- "$DROPIN/solo5-hvt" --bogus "$G/hello.solo5.hvt"
expect "solo5-hvt drop-in: solo5-hvt.2 without a kernel exits 1" 1 \
    --out '^pinvisor: missing UNIKERNEL operand' \
    -- "$DROPIN/solo5-hvt.2" --mem=64
expect "solo5-hvt drop-in: a bad --block-sector-size exits 1" 1 \
    --out '^pinvisor: --block-sector-size:storage=1000: the sector size must be a power of two' \
    -- "$DROPIN/solo5-hvt" --block:storage=/dev/null \
    --block-sector-size:storage=1000 -- "$G/blk.solo5.hvt"
expect "solo5-hvt drop-in: the name pinvisor keeps status 2" 2 \
    --out "^pinvisor: unknown option '--bogus'" \
    -- "$PV" --bogus "$G/hello.solo5.hvt"

CASE_KIND=kvm
# urunc (pkg/unikontainers/hypervisors/hvt.go, Execve, at urunc-dev/urunc
# efbd251b12d824d0264c8dff3b21c4b46bbe58df): "solo5-hvt --mem=MB
# [--net:service=TAP] [--block:storage=PATH] UNIKERNEL CMDLINE", split at
# spaces, no "--" (MirageOS's device names, unikernels/mirage.go).
expect "solo5-hvt drop-in: urunc's command line runs hello" 0 \
    --out '^SUCCESS$' \
    -- "$DROPIN/solo5-hvt" --mem=256 "$G/hello.solo5.hvt" Hello_Solo5
rm -f "$DROP_IMG" && truncate -s 4M "$DROP_IMG"
expect "solo5-hvt drop-in: urunc's command line runs blk" 0 \
    --out '^storage: handle 1, capacity 4194304, block size 512$' \
    --out '^SUCCESS$' --not FAILURE \
    -- "$DROPIN/solo5-hvt" --mem=256 --block:storage="$DROP_IMG" \
    "$G/blk.solo5.hvt" 4194304 512
# Albatross (src/vmm_unix.ml, exec, at robur-coop/albatross
# 961c4e3e5307202b67716d72e8e22b5bedb4b4f9): solo5-hvt.ABI --mem=N
# [--net:...] --block:NAME=FILE [--block-sector-size:NAME=N] -- IMAGE
# ARGS... (with --name=NAME first unless no_add_name; hello takes its
# one argument as it is, so no_add_name; blk takes none).
expect "solo5-hvt drop-in: Albatross's command line runs hello" 0 \
    --out '^SUCCESS$' --not FAILURE \
    -- "$DROPIN/solo5-hvt.2" --mem=64 -- "$G/hello.solo5.hvt" Hello_Solo5
rm -f "$DROP_IMG" && truncate -s 4M "$DROP_IMG"
expect "solo5-hvt drop-in: Albatross's command line runs blk" 0 \
    --out '^storage: handle 1, capacity 4194304, block size 4096$' \
    --out '^SUCCESS$' --not FAILURE \
    -- "$DROPIN/solo5-hvt.2" --mem=64 --block:storage="$DROP_IMG" \
    --block-sector-size:storage=4096 -- "$G/blk.solo5.hvt" 4194304 4096

# make install SOLO5_HVT_ALIAS=yes adds bin/solo5-hvt, the tender.
dropin_install() {
    d="$DROPIN/prefix"
    make --no-print-directory -s install PREFIX="$d" BUILD="$B" \
        SOLO5_HVT_ALIAS=yes >"$DROPIN/install.log" 2>&1 ||
        { cat "$DROPIN/install.log"; return 1; }
    [ "$(readlink "$d/bin/solo5-hvt")" = pinvisor ] ||
        { echo "bin/solo5-hvt: $(ls -l "$d/bin")"; return 1; }
    "$d/bin/solo5-hvt" --bogus x >/dev/null 2>&1
    st=$?
    [ "$st" = 1 ] || { echo "installed solo5-hvt: status $st for a bad option"; return 1; }
}
nokvm check "solo5-hvt drop-in: make install SOLO5_HVT_ALIAS=yes provides it" \
    dropin_install

# With a tap: the ping guest (device "service") in a network namespace
# made here, pinged from it. NAME TAP: runs the rest of the arguments (a
# tender command line) in the namespace where tap TAP is 10.0.0.1/24 and
# checks that the guest answers 3 pings at 10.0.0.2.
DROP_NS="pvdrop$$"
dropin_ping() {
    name=$1 tap=$2
    shift 2
    ip netns add "$DROP_NS" && ip -n "$DROP_NS" link set lo up &&
        ip -n "$DROP_NS" tuntap add "$tap" mode tap &&
        ip -n "$DROP_NS" addr add 10.0.0.1/24 dev "$tap" &&
        ip -n "$DROP_NS" link set "$tap" up ||
        { ip netns del "$DROP_NS" 2>/dev/null; echo "cannot make $tap"; return 1; }
    : >"$DROPIN/ping.out"
    timeout -k 5 "$TIMEOUT" ip netns exec "$DROP_NS" "$@" >"$DROPIN/ping.out" 2>&1 &
    pid=$!
    wait_for_line "$DROPIN/ping.out" '^Serving ping on 10\.0\.0\.2' "$pid" &&
        ip netns exec "$DROP_NS" ping -c 3 -W 10 10.0.0.2 >"$DROPIN/ping.log" 2>&1
    pinged=$?
    wait "$pid"
    st=$?
    ip netns del "$DROP_NS"
    [ "$pinged" = 0 ] && [ "$st" = 0 ] &&
        grep -q '^SUCCESS: answered 3 echo requests$' "$DROPIN/ping.out" ||
        { echo "ping $pinged, status $st"; cat "$DROPIN/ping.log" "$DROPIN/ping.out"; return 1; }
}
# urunc (as above; mirage.go puts --ipv4=IP/24 --ipv4-gateway=GW before
# the command): its tap is tap0_urunc.
# Albatross (src/vmm_unix.ml, exec, at robur-coop/albatross
# 961c4e3e5307202b67716d72e8e22b5bedb4b4f9): "solo5-hvt --mem=MB
# --net:BRIDGE=TAP --net-mac:BRIDGE=MAC -- IMAGE --name=NAME ARGV..."
# (--name= unless no_add_name; a MAC of prefix 00:80:41); its taps are
# vmmtapN.
if [ "${VM_ARCH:-x86_64}" != aarch64 ]; then
    check "solo5-hvt drop-in: urunc's command line with a tap answers ping" \
        dropin_ping urunc tap0_urunc "$DROPIN/solo5-hvt" --mem=256 \
        --net:service=tap0_urunc "$G/net_ping.solo5.hvt" --ipv4=10.0.0.2/24 \
        --ipv4-gateway=10.0.0.1 3
    check "solo5-hvt drop-in: Albatross's command line with a tap answers ping" \
        dropin_ping albatross vmmtap0 "$DROPIN/solo5-hvt.2" --mem=64 \
        --net:service=vmmtap0 --net-mac:service=00:80:41:5e:10:01 -- \
        "$G/net_ping.solo5.hvt" --name=ping.hello --ipv4=10.0.0.2/24 3
fi
