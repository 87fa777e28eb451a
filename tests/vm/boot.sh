#!/bin/sh
# SPDX-License-Identifier: ISC
# boot.sh: runs one command as root inside the test VM and returns its
# output and exit status.
#
#   tests/vm/boot.sh [OPTIONS] [--] CMD [ARGS...]
#
#   --timeout S     hard limit for the whole VM run (default 3600)
#   --idle S        the VM counts as hung when its command prints nothing
#                   for S seconds (default 300; 0: never)
#   --alive FILE    growth of FILE (a file the command appends to, in a
#                   shared directory) counts as output for --idle
#   --result FILE   write how the run ended: "status N", "hung", "timeout"
#                   or "vm-error MESSAGE" (the exit status alone cannot
#                   tell a command's status 124 from a hung VM)
#   --interactive   the command gets the VM's console as its terminal
#                   (make vm-shell); no idle limit
#
# The VM is x86_64 Linux (Debian's kernel, tests/vm/prepare.sh) under QEMU
# TCG with nested SVM, so /dev/kvm works inside whatever this machine has.
# It sees this machine's root file system read-only (with a tmpfs overlay:
# writes inside are lost at power-off) and the checkout (and $BUILD, when
# it lies outside) read-write at the same path; the command runs in the
# checkout. QEMU always runs under `timeout`, with stdin closed unless
# --interactive. The kernel's console is kept in the job directory
# ($BUILD/vm/jobs/job.*/console.log), printed when something went wrong.
# Exit status: the command's, or 125 when the VM failed or hung.
#
# VM_TCG_THREAD=multi runs the x86_64 VM's vCPUs on host threads of their
# own (multi-threaded TCG; default single: the nested VM froze every few
# dozen runs with multi, docs/testing.md), for benchmarks that need two
# vCPUs at once (docs/evaluation.md).
#
# VM_ARCH=aarch64 boots the arm64 test VM instead: Debian's arm64 kernel
# under qemu-system-aarch64 (virt, EL2, GICv3) with KVM built in. It has
# no host root (this machine's programs are x86_64): the command runs in
# the initramfs's busybox userland, with the checkout shared as above.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd -P)
timeout_s=3600 idle_s=300 result="" interactive=0 alive=""
while [ $# -gt 0 ]; do
    case $1 in
    --timeout) timeout_s=$2; shift 2 ;;
    --idle) idle_s=$2; shift 2 ;;
    --result) result=$2; shift 2 ;;
    --alive) alive=$2; shift 2 ;;
    --interactive) interactive=1 idle_s=0; shift ;;
    --) shift; break ;;
    -*) echo "vm: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "vm: no command given" >&2; exit 2; }

end() {
    [ -n "$result" ] && echo "$1" >"$result"
    return 0
}

B=${BUILD:-build}
mkdir -p "$B"
build=$(cd "$B" && pwd -P)
if ! img=$(tests/vm/prepare.sh); then
    echo "vm: the test VM could not be made (tests/vm/prepare.sh, above)" >&2
    end "vm-error prepare.sh failed"
    exit 125
fi
mkdir -p "$build/vm/jobs"
# Jobs that went wrong keep their directory (console log); the newest ten.
ls -dt "$build"/vm/jobs/job.* 2>/dev/null | tail -n +11 |
    while read -r old; do rm -rf "$old"; done
job=$(mktemp -d "$build/vm/jobs/job.XXXXXX")

# Interrupted: stop the VM (QEMU runs under timeout, in a process group
# of its own, so a terminal's Ctrl-C does not reach it).
qpid=""
stop() {
    trap '' INT TERM HUP
    [ -n "$qpid" ] && kill -TERM "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    echo "vm: interrupted: the VM is stopped" >&2
    end interrupted
    exit 130
}
trap stop INT TERM HUP

# The command, as a script with every word quoted.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
    echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    echo 'export HOME=/root TERM=${TERM:-dumb} PINVISOR_IN_VM=1'
    echo "export BUILD=$(q "$B")"
    for v in TEST_TIMEOUT V LANG; do
        eval "val=\${$v-}"
        [ -n "$val" ] && echo "export $v=$(q "$val")"
    done
    [ -n "${VM_ENV-}" ] && echo "export $VM_ENV"
    echo "cd $(q "$top") || exit 1"
    printf 'exec'
    for a in "$@"; do printf ' %s' "$(q "$a")"; done
    echo
} >"$job/cmd"

shares="checkout:$top"
extra=""
case $build/ in
"$top"/*) ;;
*)
    shares="$shares build:$build"
    extra="-virtfs local,path=$build,mount_tag=build,security_model=none,multidevs=remap"
    ;;
esac
VM_ARCH=${VM_ARCH:-x86_64}
export VM_ARCH
hostroot=1
[ "$VM_ARCH" = aarch64 ] && hostroot=0
printf 'SHARES=%s\nINTERACTIVE=%s\nHOSTROOT=%s\n' "$(q "$shares")" \
    "$interactive" "$hostroot" >"$job/vm.conf"

if [ "$interactive" = 1 ]; then
    serial="-serial mon:stdio"
else
    serial="-serial file:$job/console.log"
fi
# -accel tcg,thread=single: with multi-threaded TCG the nested SVM VM
# froze every few dozen runs (docs/testing.md).
# shellcheck disable=SC2086
if [ "$VM_ARCH" = aarch64 ]; then
    # pauth=off: pointer authentication makes TCG about 4x slower
    # (../shared/reference/gpio-test-rig.md section 3).
    set -- timeout -k 10 "$timeout_s" qemu-system-aarch64 \
        -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off \
        -accel tcg,thread=single -smp 2 -m "${VM_MEM:-2048}" \
        -nodefaults -display none -no-reboot $serial \
        -kernel "$img/vmlinuz" -initrd "$img/initramfs.cpio.gz" \
        -append "console=ttyAMA0 quiet panic=-1 ${VM_APPEND-}"
else
    set -- timeout -k 10 "$timeout_s" qemu-system-x86_64 -M q35 \
        -accel "tcg,thread=${VM_TCG_THREAD:-single}" -cpu max -smp 2 \
        -m "${VM_MEM:-4096}" \
        -nodefaults -display none -no-reboot $serial \
        -kernel "$img/vmlinuz" -initrd "$img/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1 ${VM_APPEND-}" \
        -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
fi
# shellcheck disable=SC2086
set -- "$@" \
    -virtfs "local,path=$job,mount_tag=job,security_model=none" \
    -virtfs "local,path=$top,mount_tag=checkout,security_model=none,multidevs=remap" \
    $extra

if [ "$interactive" = 1 ]; then
    "$@" || true
else
    "$@" </dev/null >"$job/qemu.log" 2>&1 &
    qpid=$!
    # Stream the command's output while it runs; watch for silence. Once
    # the command has ended, the VM has 15 s to power off.
    off=0 quiet=0 hung=0 after=0 alive_size=0 booting=0
    while kill -0 "$qpid" 2>/dev/null; do
        sleep 1
        if [ -f "$job/status" ]; then
            after=$((after + 1))
            [ "$after" -lt 15 ] || { kill "$qpid" 2>/dev/null; break; }
        fi
        # Silence counts from the command's start (init makes out): the
        # boot before it has 180 s.
        if [ ! -e "$job/out" ]; then
            booting=$((booting + 1))
            if [ "$booting" -ge 180 ]; then
                hung=1
                kill "$qpid" 2>/dev/null || true
                break
            fi
            continue
        fi
        size=$(stat -c %s "$job/out" 2>/dev/null || echo 0)
        if [ "$size" -gt "$off" ]; then
            tail -c +"$((off + 1))" "$job/out" | head -c "$((size - off))"
            off=$size quiet=0
        else
            quiet=$((quiet + 1))
        fi
        if [ -n "$alive" ]; then
            a=$(stat -c %s "$alive" 2>/dev/null || echo 0)
            [ "$a" = "$alive_size" ] || { alive_size=$a quiet=0; }
        fi
        if [ "$idle_s" -gt 0 ] && [ "$quiet" -ge "$idle_s" ]; then
            hung=1
            kill "$qpid" 2>/dev/null || true
            break
        fi
    done
    wait "$qpid" && qrc=0 || qrc=$?
    qpid=""
    size=$(stat -c %s "$job/out" 2>/dev/null || echo 0)
    [ "$size" -gt "$off" ] && tail -c +"$((off + 1))" "$job/out"
fi

console_tail() {
    echo "vm: last lines of the VM console ($job/console.log):" >&2
    tail -n 15 "$job/console.log" 2>/dev/null | sed 's/^/vm: | /' >&2
    tail -n 5 "$job/qemu.log" 2>/dev/null | sed 's/^/vm: qemu: /' >&2
}
if [ -f "$job/status" ]; then
    st=$(cat "$job/status")
    end "status $st"
    rm -rf "$job"
    exit "$st"
fi
if [ "${hung:-0}" = 1 ]; then
    echo "vm: the VM printed nothing for ${idle_s} s: it looks hung (stopped it)" >&2
    console_tail
    end hung
elif [ "${qrc:-0}" = 124 ]; then
    echo "vm: the VM ran past its ${timeout_s} s limit (stopped it)" >&2
    console_tail
    end timeout
else
    msg=$(cat "$job/vm-error" 2>/dev/null || echo "it ended without a status (qemu exit ${qrc:-?})")
    echo "vm: the VM failed: $msg" >&2
    console_tail
    end "vm-error $msg"
fi
exit 125
