# SPDX-License-Identifier: ISC
# net.test.sh: NET_BASIC devices on real tap interfaces, inside a network
# namespace the test creates (and removes). Needs root and iproute2.
NS="pvtest$$"
net_setup() {
    [ "$(id -u)" -eq 0 ] || return 1
    command -v ip >/dev/null && command -v ping >/dev/null || return 1
    ip netns add "$NS" 2>/dev/null || return 1
    ip -n "$NS" link set lo up &&
        ip -n "$NS" tuntap add tap100 mode tap &&
        ip -n "$NS" addr add 10.0.0.1/24 dev tap100 &&
        ip -n "$NS" link set tap100 up &&
        ip -n "$NS" tuntap add tap102 mode tap &&
        ip -n "$NS" link set tap102 mtu 9000 &&
        ip -n "$NS" link set tap102 up
}
net_teardown() { ip netns del "$NS" 2>/dev/null; }

# Without the namespace, every case here is skipped, one by one.
NET_SKIP=""

# Starts the ping server with tender arguments $1 in the namespace, pings
# it $2 times, and checks both sides.
ping_case() {
    name=$1 hvt=$2 netarg=$3 count=$4 extra=${5:-}
    [ -z "$NET_SKIP" ] || { case_skip "$name" "$NET_SKIP"; return; }
    case_begin "$name" || return 0
    out="$TMPD/ping.out"
    : >"$out"
    # shellcheck disable=SC2086
    timeout -k 5 "$TIMEOUT" ip netns exec "$NS" $extra "$PV" "$netarg" \
        "$hvt" "$count" >"$out" 2>&1 &
    pid=$!
    wait_for_line "$out" '^Serving ping on 10\.0\.0\.2' "$pid"
    ping_out=$(ip netns exec "$NS" ping -c "$count" -i 0.02 -W 5 -s 1000 \
        10.0.0.2 2>&1)
    wait "$pid"
    rc=$?
    if [ "$rc" -ne 0 ] || ! grep -q "^SUCCESS: answered $count" "$out"; then
        fail "$name" "tender exit $rc"
        sed 's/^/    | /' "$out" | tail -n 8
        return
    fi
    if ! echo "$ping_out" | grep -q " 0% packet loss"; then
        fail "$name" "ping lost packets: $(echo "$ping_out" | tail -n 2)"
        return
    fi
    pass "$name"
}

# expect, or a skip when the namespace could not be made.
net_expect() {
    if [ -n "$NET_SKIP" ]; then
        case_skip "$1" "$NET_SKIP"
    else
        expect "$@"
    fi
}

# The arm64 test VM has no network namespaces (busybox): the net module,
# the same code on both architectures, is tested on x86_64 only.
if [ "${VM_ARCH:-x86_64}" = aarch64 ]; then
    : # not among the arm64 VM's cases
elif phase_has kvm && ! net_setup; then
    NET_SKIP="needs root, iproute2 and ping to create a network namespace"
fi
net_cases() {
    ping_case "net native: answers 50 pings over a tap (payload intact)" \
        "$G/net_ping.hvt" --net:service=tap100 50
    ping_case "net solo5: answers 5 pings over a tap" \
        "$G/net_ping.solo5.hvt" --net:service=tap100 5
    ping_case "net native: --net:NAME=@FD uses an already open tap" \
        "$G/net_ping.hvt" --net:service=@TAPFD 5 "$B/tests/tools/with-tap tap100"
    net_expect "net: MTU of the tap (9000) reaches the guest" 0 \
        --out '^MTU is 9000$' --out '^SUCCESS$' \
        -- ip netns exec "$NS" "$PV" --net:service0=tap102 "$G/net_mtu.hvt"
    net_expect "net: --net-mac sets the guest MAC" 0 \
        --out '^MAC is 02:00:5e:10:00:01$' \
        -- ip netns exec "$NS" "$PV" --net:service0=tap102 \
        --net-mac:service0=02:00:5e:10:00:01 "$G/net_mtu.hvt"
    net_expect "net: the default MAC is locally administered unicast" 0 \
        --out '^MAC is [0-9a-f][26ae]:' \
        -- ip netns exec "$NS" "$PV" --net:service0=tap102 "$G/net_mtu.hvt"
    net_expect "net: a missing interface is refused" 1 \
        --out 'network interface .nosuch0. does not exist' \
        -- ip netns exec "$NS" "$PV" --net:service0=nosuch0 "$G/net_mtu.hvt"
    net_expect "net: @FD that is not a tap is refused" 1 \
        --out 'file descriptor 0 is not a tap device' \
        -- ip netns exec "$NS" "$PV" --net:service0=@0 "$G/net_mtu.hvt"
}
[ "${VM_ARCH:-x86_64}" = aarch64 ] || net_cases
net_teardown
nokvm expect "net: a multicast MAC is a usage error" 2 \
    --out 'multicast' \
    -- "$PV" --net:service0=tap102 --net-mac:service0=01:00:00:00:00:01 \
    "$G/net_mtu.hvt"
