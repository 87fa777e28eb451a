#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: every benchmark of docs/evaluation.md (make bench), after make
# bench-build. Where KVM does not work here (scripts/kvm-works.sh)
# they run inside the test VM (tests/vm/, nested KVM under QEMU TCG):
# guest code is emulated there, so only ratios measured side by side in
# that one run mean anything. Each run starts with a line naming the
# machine, the kind of virtualization and the date.
#
#   bench/run.sh          the benchmarks, here or in the test VM
#   bench/run.sh --here   here, whatever KVM does (what the VM runs)
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
if [ "${1:-}" != --here ]; then
    if ! why=$(scripts/kvm-works.sh); then
        echo "bench: ${why#no KVM here: }: running the benchmarks in the test VM (QEMU TCG with nested KVM; about 10 minutes)"
        exec tests/vm/boot.sh --idle 900 --timeout 3600 -- bench/run.sh --here
    fi
fi
if [ -n "${PINVISOR_IN_VM:-}" ]; then
    kind="nested KVM (SVM) in the test VM under QEMU TCG, tests/vm/"
    # Emulated, the other GPIO measurements take seconds: edges from 15 s.
    export EVENTS_AT_MS=${EVENTS_AT_MS:-15000}
elif [ -d /sys/module/kvm_pvm ]; then
    kind="KVM through PVM"
else
    kind="KVM, hardware virtualization"
fi
echo "bench: $(uname -m), $(nproc) CPUs, $(uname -r); $kind; $(date -u +%Y-%m-%d)"
bench/boot/run.sh
bench/gpio/run.sh
bench/table1/run.sh
