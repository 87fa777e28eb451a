#!/bin/sh
# SPDX-License-Identifier: ISC
# kvm-works.sh: tells whether guests can boot on this machine's KVM, for
# make test, make demo and make bench (which use the test VM otherwise).
# First build/tests/tools/kvm-probe creates a VM and a vCPU (opening
# /dev/kvm is not enough); then the tender runs the hello example, which
# holds for every kind of KVM (hardware virtualization, PVM). With
# --solo5-mode, the Solo5-mode hello test guest must run too: its code
# runs at CPL 0 with SSE, which PVM hosts cannot emulate (docs/abi.md),
# so the test suite, which boots guests in both modes, uses the test VM
# on such a host. Each step runs under a timeout: a broken KVM can hang.
#
#   scripts/kvm-works.sh [--solo5-mode]
#                          exit 0 if it works; else exit 1 and one line
#                          saying why on stdout
B=${BUILD:-build}
why=$(timeout -k 2 20 "$B/tests/tools/kvm-probe" 2>&1) || {
    echo "${why:-no KVM here: kvm-probe did not answer}"
    exit 1
}
out=$(timeout -k 2 30 "$B/pinvisor" "$B/examples/hello.hvt" Hello 2>&1)
st=$?
if [ "$st" -ne 0 ] || ! printf '%s\n' "$out" | grep -q '^Hello'; then
    echo "no KVM here: KVM creates VMs, but the tender's hello failed (status $st): $(printf '%s\n' "$out" | tail -n 1)"
    exit 1
fi
if [ "${1:-}" = --solo5-mode ]; then
    out=$(timeout -k 2 30 "$B/pinvisor" "$B/tests/guests/hello.solo5.hvt" \
        Hello_Solo5 2>&1)
    st=$?
    if [ "$st" -ne 0 ] || ! printf '%s\n' "$out" | grep -q '^SUCCESS'; then
        echo "KVM here runs native-mode guests but not Solo5-mode ones (status $st: $(printf '%s\n' "$out" | grep -m 1 '^pinvisor: ' || echo no message)); using the test VM"
        exit 1
    fi
fi
exit 0
