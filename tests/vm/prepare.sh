#!/bin/sh
# SPDX-License-Identifier: ISC
# prepare.sh: makes the test VM's kernel and initramfs, or reuses them.
#
#   tests/vm/prepare.sh            prints the directory that holds vmlinuz,
#                                  initramfs.cpio.gz and kver
#
# The kernel is Debian's own amd64 kernel, resolved through the
# linux-image-amd64 metapackage (never pinned), which has KVM (kvm-amd:
# QEMU TCG's -cpu max offers nested SVM). It lacks gpio-sim, so gpio-sim
# is built as a module from the same kernel's linux-source-6.1 against
# linux-headers-amd64; image, headers and source must be the same version
# and this script refuses to go on otherwise. Everything made is cached in
# $BUILD/vm/KVER/ and made again when this script, the init script or the
# module's Kbuild change. Docs: docs/testing.md.
#
# VM_KERNEL chooses the kernel: 6.1 (default: linux-image-ARCH), 6.12
# (linux-image-6.12-ARCH, source linux-source-6.12) or 6.12-16k (arm64
# only: linux-image-6.12-arm64-16k, a kernel with 16 KiB pages).
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
say() { echo "vm-prepare: $*" >&2; }
die() { echo "vm-prepare: $*" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# VM_ARCH=aarch64: the arm64 VM (tests/vm/boot.sh). Its kernel, headers
# and busybox are Debian's arm64 packages, downloaded and unpacked here
# (never installed); gpio-sim is cross-built with gcc-aarch64-linux-gnu
# against the arm64 headers and this machine's linux-kbuild-SERIES tools.
VM_ARCH=${VM_ARCH:-x86_64}
case $VM_ARCH in
x86_64) darch=amd64 aq="" ;;
aarch64) darch=arm64 aq=":arm64" ;;
*) die "VM_ARCH must be x86_64 or aarch64, not '$VM_ARCH'" ;;
esac
# flav: the kernel flavour (package suffix), series: its source's version,
# meta: the metapackage prefix the image and headers are resolved from.
VM_KERNEL=${VM_KERNEL:-6.1}
case $VM_KERNEL in
6.1) series=6.1 flav=$darch meta="" ;;
6.12) series=6.12 flav=$darch meta="6.12-" ;;
6.12-16k)
    [ "$VM_ARCH" = aarch64 ] || die "VM_KERNEL=6.12-16k needs VM_ARCH=aarch64"
    series=6.12 flav=arm64-16k meta="6.12-"
    ;;
*) die "VM_KERNEL must be 6.1, 6.12 or 6.12-16k, not '$VM_KERNEL'" ;;
esac
if [ "$VM_ARCH" = aarch64 ]; then
    scripts/deps.sh vm-aarch64 >&2
    # Debian's arm64 gdb for the VM's gdb cases (gdb.test.sh); without it
    # only those cases fail.
    BUILD=$B tests/vm/gdb-arm64.sh >/dev/null ||
        say "no arm64 gdb: the gdb and dumpcore cases' gdb will be missing"
else
    scripts/deps.sh vm >&2
fi

# Fast path: the same scripts and the same apt package lists as last time
# resolve to the same kernel (apt-cache takes seconds a call).
stamp=$(cat tests/vm/prepare.sh tests/vm/init tests/vm/gpio-sim/Kbuild |
    sha256sum | cut -c1-16)
lists=$(ls -l --time-style=+%s /var/lib/apt/lists/ 2>/dev/null | sha256sum |
    cut -c1-16)
ready="$B/vm/ready-$VM_ARCH-$VM_KERNEL"
if [ -f "$ready" ] && [ "$(sed -n 1p "$ready")" = "$stamp-$lists" ]; then
    d=$(sed -n 2p "$ready")
    if [ -f "$d/stamp" ] && [ -f "$d/vmlinuz" ] && [ -f "$d/initramfs.cpio.gz" ]; then
        echo "$d"
        exit 0
    fi
fi

# The kernel ABI name (6.1.0-57-amd64) and package versions, from the
# metapackages, so a security update is picked up without editing here.
image_pkg=$(apt-cache depends "linux-image-$meta$flav$aq" 2>/dev/null |
    sed -n "s/^ *Depends: \(linux-image-[0-9].*-$flav\)\(:$darch\)\{0,1\}$/\1/p" |
    head -n 1)
headers_pkg=$(apt-cache depends "linux-headers-$meta$flav$aq" 2>/dev/null |
    sed -n "s/^ *Depends: \(linux-headers-[0-9].*-$flav\)\(:$darch\)\{0,1\}$/\1/p" |
    head -n 1)
[ -n "$image_pkg" ] || die "cannot resolve linux-image-$meta$flav (apt-cache depends)"
[ -n "$headers_pkg" ] || die "cannot resolve linux-headers-$meta$flav"
kver=${image_pkg#linux-image-}
[ "$headers_pkg" = "linux-headers-$kver" ] ||
    die "kernel image $image_pkg and headers $headers_pkg disagree"
image_ver=$(apt-cache policy "$image_pkg$aq" | sed -n 's/^ *Candidate: //p')
[ -n "$image_ver" ] || die "no version known for $image_pkg"
# Headers and source of exactly that version (installed or upgraded; the
# arm64 headers are unpacked below instead).
installed() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null; }
# unpack=1: the headers are downloaded and unpacked below, not installed
# (arm64 ones cannot be; installing 6.12's would install its kernel too).
unpack=1
[ "$VM_ARCH" = x86_64 ] && [ "$series" = 6.1 ] && unpack=0
if [ "$unpack" = 1 ]; then
    if [ "$(installed linux-source-$series)" != "install ok installed $image_ver" ]; then
        say "installing linux-source-$series $image_ver"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
            -o DPkg::Lock::Timeout=600 --no-install-recommends \
            "linux-source-$series=$image_ver" >&2 ||
            die "cannot install linux-source-$series $image_ver"
    fi
elif [ "$(installed "$headers_pkg")" != "install ok installed $image_ver" ] ||
    [ "$(installed linux-source-$series)" != "install ok installed $image_ver" ]; then
    say "installing $headers_pkg and linux-source-$series $image_ver"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        -o DPkg::Lock::Timeout=600 --no-install-recommends \
        "$headers_pkg=$image_ver" "linux-source-$series=$image_ver" >&2 ||
        die "cannot install $headers_pkg and linux-source-$series $image_ver"
fi
source_ver=$image_ver

out="$B/vm/$kver"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp-$image_ver" ]; then
    printf '%s\n%s\n' "$stamp-$lists" "$out" >"$ready"
    echo "$out"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out"
work=$(cd "$out" && pwd)/work
mkdir -p "$work"

say "kernel $image_pkg $image_ver"
(cd "$work" && apt-get download -q "$image_pkg$aq=$image_ver" >>"$work/apt.log" 2>&1) ||
    die "apt-get download $image_pkg failed: $(tail -n 2 "$work/apt.log")"
dpkg-deb -x "$work/${image_pkg}_"*.deb "$work/root"
cp "$work/root/boot/vmlinuz-$kver" "$out/vmlinuz"

say "gpio-sim module from linux-source-$series $source_ver"
src=/usr/src/linux-source-$series.tar.xz
[ -f "$src" ] || die "$src is missing (package linux-source-$series)"
tar xJf "$src" -C "$work" --strip-components=1 \
    linux-source-$series/drivers/gpio/gpio-sim.c \
    linux-source-$series/drivers/gpio/gpiolib.h \
    linux-source-$series/kernel/irq/irq_sim.c \
    linux-source-$series/drivers/i2c/i2c-stub.c
m="$work/gpio-sim"
mkdir -p "$m"
cp tests/vm/gpio-sim/Kbuild "$m/"
cp "$work/drivers/gpio/gpio-sim.c" "$work/drivers/gpio/gpiolib.h" \
    "$work/kernel/irq/irq_sim.c" "$m/"
# i2c-stub (tests/integration/i2c.test.sh): the kernel's own where it has
# one, else built here with gpio-sim as pv_i2c_stub.
i2c_stub=i2c-stub
pv_i2c=""
if ! modprobe -d "$work/root" -S "$kver" --show-depends i2c-stub >/dev/null 2>&1; then
    cp "$work/drivers/i2c/i2c-stub.c" "$m/"
    i2c_stub=pv_i2c_stub pv_i2c="PV_I2C_STUB=m"
fi
# irq_to_desc() is not exported to modules in 6.1; generic_handle_irq()
# does the same lookup and is.
grep -q 'handle_simple_irq(irq_to_desc(irqnum))' "$m/irq_sim.c" ||
    die "irq_sim.c changed upstream: review the irq_to_desc substitution"
sed -i 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
    "$m/irq_sim.c"
hdr="/usr/src/linux-headers-$kver"
kmake=""
if [ "$unpack" = 1 ]; then
    # The headers, their common part and this machine's kbuild tools,
    # unpacked side by side (the headers' scripts link is relative).
    h="$work/hdr"
    (cd "$work" && apt-get download -q "$headers_pkg$aq=$image_ver" \
        "linux-headers-${kver%-$flav}-common=$image_ver" \
        "linux-kbuild-$series=$image_ver" >>"$work/apt.log" 2>&1) ||
        die "apt-get download of the headers failed: $(tail -n 2 "$work/apt.log")"
    for d in "$work"/linux-headers-*.deb "$work"/linux-kbuild-*.deb; do
        dpkg-deb -x "$d" "$h"
    done
    hdr="$h/usr/src/linux-headers-$kver"
    echo "include $h/usr/src/linux-headers-${kver%-$flav}-common/Makefile" \
        >"$hdr/Makefile"
fi
[ "$VM_ARCH" = aarch64 ] && kmake="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
# No BTF for the module (6.12's config asks for it; pahole is not needed
# to load a module without it).
# shellcheck disable=SC2086
make -s -C "$hdr" M="$m" $kmake $pv_i2c CONFIG_DEBUG_INFO_BTF_MODULES= modules >"$work/kbuild.log" 2>&1 ||
    { tail -n 20 "$work/kbuild.log" >&2; die "gpio-sim module build failed"; }
mods="$work/root/lib/modules/$kver"
mkdir -p "$mods/extra"
cp "$m/pv_gpio_sim.ko" "$mods/extra/"
[ -z "$pv_i2c" ] || cp "$m/pv_i2c_stub.ko" "$mods/extra/"
depmod -b "$work/root" "$kver"

say "initramfs"
ird="$work/initramfs"
mkdir -p "$ird/bin" "$ird/dev" "$ird/proc" "$ird/sys" "$ird/mnt" "$ird/modules"
if [ "$VM_ARCH" = aarch64 ]; then
    (cd "$work" && apt-get download -q busybox-static:arm64 >>"$work/apt.log" 2>&1) ||
        die "apt-get download busybox-static:arm64 failed: $(tail -n 2 "$work/apt.log")"
    dpkg-deb -x "$work"/busybox-static_*_arm64.deb "$work/bb"
    cp "$work/bb/bin/busybox" "$ird/bin/busybox"
    # Debian's libgpiod tools for the cross-checks, with their libraries;
    # strace (libc only on arm64) for the fault suite's gpio-sim reads.
    (cd "$work" && apt-get download -q gpiod:arm64 libgpiod2:arm64 \
        libc6:arm64 strace:arm64 >>"$work/apt.log" 2>&1) ||
        die "apt-get download of gpiod:arm64, strace:arm64 and their libraries failed: $(tail -n 2 "$work/apt.log")"
    for d in "$work"/gpiod_*_arm64.deb "$work"/libgpiod2_*_arm64.deb \
        "$work"/libc6_*_arm64.deb "$work"/strace_*_arm64.deb; do
        dpkg-deb -x "$d" "$work/gpiod"
    done
    mkdir -p "$ird/usr/bin" "$ird/usr/lib/aarch64-linux-gnu" \
        "$ird/lib/aarch64-linux-gnu"
    cp "$work"/gpiod/usr/bin/gpio* "$work"/gpiod/usr/bin/strace "$ird/usr/bin/"
    cp -P "$work"/gpiod/usr/lib/aarch64-linux-gnu/libgpiod.so.2* \
        "$ird/usr/lib/aarch64-linux-gnu/"
    cp "$work/gpiod/lib/aarch64-linux-gnu/libc.so.6" \
        "$work/gpiod/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" \
        "$ird/lib/aarch64-linux-gnu/"
    ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$ird/lib/ld-linux-aarch64.so.1"
    # KVM is built into Debian's arm64 kernel; there is no host root.
    vm_mods="virtio_pci 9pnet_virtio 9p configfs pv_gpio_sim i2c-dev $i2c_stub"
else
    cp /bin/busybox "$ird/bin/busybox"
    # sch_ingress to nft_ct: pinvisor-oci's tc redirect and podman's
    # default network (a bridge with CNI's iptables-nft rules).
    vm_mods="kvm-amd virtio_pci 9pnet_virtio 9p overlay tun veth configfs
        pv_gpio_sim i2c-dev $i2c_stub sch_ingress cls_u32 act_mirred bridge
        nf_tables nft_compat nft_chain_nat nft_nat nft_masq nft_ct
        xt_MASQUERADE xt_conntrack xt_comment xt_addrtype xt_multiport
        xt_mark"
fi
cp tests/vm/init "$ird/init"
chmod 755 "$ird/init"
# Modules in load order, dependencies first (modprobe --show-depends).
: >"$ird/modules/order"
for mod in $vm_mods; do
    deps=$(modprobe -d "$work/root" -S "$kver" --show-depends "$mod") ||
        die "module $mod: not found in $image_pkg"
    echo "$deps" |
        while read -r verb path _; do
            [ "$verb" = insmod ] || continue
            f=$(basename "$path")
            grep -qx "$f" "$ird/modules/order" && continue
            cp "$path" "$ird/modules/$f"
            echo "$f" >>"$ird/modules/order"
        done
done
grep -qx pv_gpio_sim.ko "$ird/modules/order" || die "module order incomplete"
# Module parameters follow the file name: i2c-stub's two chips, for
# tests/integration/i2c.test.sh.
sed -i 's/^\(\(pv_\)\{0,1\}i2c[-_]stub\.ko[.a-z]*\)$/\1 chip_addr=0x48,0x50/' \
    "$ird/modules/order"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"
echo "$kver" >"$out/kver"
rm -rf "$work"
echo "$stamp-$image_ver" >"$out/stamp"
printf '%s\n%s\n' "$stamp-$lists" "$out" >"$ready"
say "ready in $out"
echo "$out"
