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
#
# BENCH= names the parts to run, of: boot gpio native i2c scale table1 oci
# plots (default: all of them, in this order). native and scale need
# gpio-sim, i2c needs i2c-stub (the test VM has both); plots draws what
# the others wrote.
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
# The gpio-sim parts need the kernel's gpio-sim: the test VM has it.
case " ${BENCH:-native} " in
*" native "* | *" scale "*)
    [ -d /sys/kernel/config/gpio-sim ] || nosim="no gpio-sim here" ;;
esac
case " ${BENCH:-i2c} " in
*" i2c "*)
    grep -qs '^SMBus stub driver$' /sys/bus/i2c/devices/i2c-*/name ||
        nosim="no i2c-stub here" ;;
esac
# The oci part runs podman with crun beside pinvisor-oci: on cgroup2 (the
# test VM mounts it).
case " ${BENCH:-oci} " in
*" oci "*)
    [ -e /sys/fs/cgroup/cgroup.controllers ] || nosim="no cgroup2 here" ;;
esac
if [ "${1:-}" != --here ]; then
    if why=$(scripts/kvm-works.sh); then
        why=${nosim:-}
    fi
    if [ -n "$why" ]; then
        echo "bench: ${why#no KVM here: }: running the benchmarks in the test VM (QEMU TCG with nested KVM; all of them about 20 minutes)"
        # The settings below reach the VM's command (tests/vm/boot.sh).
        for v in BENCH RUNS ITER EVENTS COUNTS MS SOLO5_HVT SOLO5_HELLO; do
            eval "val=\${$v-}"
            [ -n "$val" ] && VM_ENV="${VM_ENV-} $v='$val'"
        done
        export VM_ENV
        # The VM's kernel would take the emulated HPET as its clock: a
        # clock_gettime there is a system call and an emulated device
        # read (about 1 us), which the native program's own timing of
        # each call would include. QEMU's TSC is one clock for all
        # vCPUs, so the VM may read it from the vDSO, as hardware does.
        export VM_APPEND="${VM_APPEND-clocksource=tsc tsc=reliable}"
        exec tests/vm/boot.sh --idle 900 --timeout 3600 -- bench/run.sh --here
    fi
fi
# Emulated, the other GPIO measurements take seconds: edges from 15 s.
[ -n "${PINVISOR_IN_VM:-}" ] && export EVENTS_AT_MS=${EVENTS_AT_MS:-15000}
. bench/where.sh
echo "bench: $(bench_where)"
for part in ${BENCH:-boot gpio native i2c scale table1 oci plots}; do
    case $part in
    boot | gpio | native | i2c | scale | table1 | oci) "bench/$part/run.sh" ;;
    plots) bench/plots.sh ;;
    *) echo "bench: unknown part '$part' (BENCH=)" >&2; exit 2 ;;
    esac
done
