# SPDX-License-Identifier: ISC
# core.test.sh: start-up, command line, console and exit status, in both
# modes.
for m in native solo5; do
    hvt="$G/hello.hvt" banner="native mode"
    [ $m = solo5 ] && hvt="$G/hello.solo5.hvt" banner="Solo5 mode"
    expect "hello $m: command line reaches the guest" 0 \
        --out '^SUCCESS$' --out "^Solo5: .*$banner" \
        -- "$PV" "$hvt" Hello_Solo5
    expect "hello $m: wrong command line gives exit status 1" 1 \
        --out 'FAILURE' -- "$PV" "$hvt" Goodbye
    expect "hello $m: --solo5:quiet silences the runtime" 0 \
        --out '^SUCCESS$' --not '^Solo5:' \
        -- "$PV" "$hvt" --solo5:quiet Hello_Solo5
done

# The sandbox is on while the guest runs: Seccomp 2 (filter), NoNewPrivs.
# The guest's first line comes after the filter is installed.
sandbox_status() {
    : >"$TMPD/idle.out"
    "$PV" "$G/idle.hvt" 3000 >"$TMPD/idle.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/idle.out" '^idle: sleeping' "$pid"
    st=$(grep -E '^(Seccomp|NoNewPrivs):' "/proc/$pid/status" 2>/dev/null)
    wait "$pid"
    rc=$?
    echo "$st" | grep -q '^Seccomp:[[:space:]]*2$' ||
        { echo "status: $st"; return 1; }
    echo "$st" | grep -q '^NoNewPrivs:[[:space:]]*1$' ||
        { echo "status: $st"; return 1; }
    [ "$rc" -eq 0 ] || { echo "tender exit $rc"; return 1; }
}
check "sandbox: a running tender shows Seccomp: 2 and NoNewPrivs: 1" \
    sandbox_status

# SIGTERM and SIGINT end a running guest with exit status 1 and a message.
signal_case() {
    : >"$TMPD/sig.out"
    "$PV" "$G/idle.hvt" 20000 >"$TMPD/sig.out" 2>&1 &
    pid=$!
    wait_for_line "$TMPD/sig.out" '^idle: sleeping' "$pid"
    kill -"$1" "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -eq 1 ] || { echo "exit status $rc"; return 1; }
    grep -q "^pinvisor: stopped by SIG$1$" "$TMPD/sig.out" ||
        { cat "$TMPD/sig.out"; return 1; }
}
check "signals: SIGTERM stops the tender with status 1" signal_case TERM
check "signals: SIGINT stops the tender with status 1" signal_case INT

# elftool reads back what it wrote (no KVM needed).
CASE_KIND=nokvm
expect "elftool: query-manifest prints the manifest" 0 \
    --out '"type": "solo5.manifest"' --out '"name": "service0"' \
    --out '"type": "NET_BASIC"' \
    -- "$B/pinvisor-elftool" query-manifest "$G/net_mtu.hvt"
expect "elftool: query-abi says hvt version 2, native mode" 0 \
    --out '"target": "hvt"' --out '"version": 2' --out '"mode": "native"' \
    -- "$B/pinvisor-elftool" query-abi "$G/hello.hvt"
expect "elftool: query-abi says Solo5 mode for a Solo5-mode build" 0 \
    --out '"mode": "solo5"' \
    -- "$B/pinvisor-elftool" query-abi "$G/hello.solo5.hvt"
expect "elftool: query-manifest of a non-ELF file fails" 1 \
    --out 'not an ELF file' \
    -- "$B/pinvisor-elftool" query-manifest tests/integration/lib.sh
