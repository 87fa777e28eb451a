# SPDX-License-Identifier: ISC
# where.sh: sourced by the benchmarks. bench_where prints the machine, the
# kind of virtualization and the date, the label every figure carries:
# "x86_64, 2 CPUs, 6.1.0-57-amd64, clock tsc; nested KVM ...; 2026-12-07".
bench_where() {
    if [ -n "${PINVISOR_IN_VM:-}" ]; then
        kind="nested KVM (SVM) in the test VM under QEMU TCG, tests/vm/"
    elif [ -d /sys/module/kvm_pvm ]; then
        kind="KVM through PVM"
    else
        kind="KVM, hardware virtualization"
    fi
    cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo unknown)
    echo "$(uname -m), $(nproc) CPUs, $(uname -r), clock $cs; $kind; $(date -u +%Y-%m-%d)"
}
