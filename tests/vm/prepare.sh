#!/bin/sh
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
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
say() { echo "vm-prepare: $*" >&2; }
die() { echo "vm-prepare: $*" >&2; exit 1; }

scripts/deps.sh vm >&2

# The kernel ABI name (6.1.0-57-amd64) and package versions, from the
# metapackages, so a security update is picked up without editing here.
image_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
headers_pkg=$(apt-cache depends linux-headers-amd64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-headers-[0-9].*-amd64\)$/\1/p' | head -n 1)
[ -n "$image_pkg" ] || die "cannot resolve linux-image-amd64 (apt-cache depends)"
[ -n "$headers_pkg" ] || die "cannot resolve linux-headers-amd64"
kver=${image_pkg#linux-image-}
[ "$headers_pkg" = "linux-headers-$kver" ] ||
    die "kernel image $image_pkg and headers $headers_pkg disagree"
image_ver=$(apt-cache policy "$image_pkg" | sed -n 's/^ *Candidate: //p')
[ -n "$image_ver" ] || die "no version known for $image_pkg"
# Headers and source of exactly that version (installed or upgraded).
installed() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null; }
if [ "$(installed "$headers_pkg")" != "install ok installed $image_ver" ] ||
    [ "$(installed linux-source-6.1)" != "install ok installed $image_ver" ]; then
    say "installing $headers_pkg and linux-source-6.1 $image_ver"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o DPkg::Lock::Timeout=600 --no-install-recommends \
        "$headers_pkg=$image_ver" "linux-source-6.1=$image_ver" >&2 ||
        die "cannot install $headers_pkg and linux-source-6.1 $image_ver"
fi
source_ver=$image_ver

out="$B/vm/$kver"
stamp=$(cat tests/vm/prepare.sh tests/vm/init tests/vm/gpio-sim/Kbuild |
    sha256sum | cut -c1-16)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp-$image_ver" ]; then
    echo "$out"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out"
work=$(cd "$out" && pwd)/work
mkdir -p "$work"

say "kernel $image_pkg $image_ver"
(cd "$work" && apt-get download -q "$image_pkg=$image_ver" >/dev/null 2>&1) ||
    die "apt-get download $image_pkg failed"
dpkg-deb -x "$work/${image_pkg}_"*.deb "$work/root"
cp "$work/root/boot/vmlinuz-$kver" "$out/vmlinuz"

say "gpio-sim module from linux-source-6.1 $source_ver"
src=/usr/src/linux-source-6.1.tar.xz
[ -f "$src" ] || die "$src is missing (package linux-source-6.1)"
tar xJf "$src" -C "$work" --strip-components=1 \
    linux-source-6.1/drivers/gpio/gpio-sim.c \
    linux-source-6.1/drivers/gpio/gpiolib.h \
    linux-source-6.1/kernel/irq/irq_sim.c
m="$work/gpio-sim"
mkdir -p "$m"
cp tests/vm/gpio-sim/Kbuild "$m/"
cp "$work/drivers/gpio/gpio-sim.c" "$work/drivers/gpio/gpiolib.h" \
    "$work/kernel/irq/irq_sim.c" "$m/"
# irq_to_desc() is not exported to modules in 6.1; generic_handle_irq()
# does the same lookup and is.
grep -q 'handle_simple_irq(irq_to_desc(irqnum))' "$m/irq_sim.c" ||
    die "irq_sim.c changed upstream: review the irq_to_desc substitution"
sed -i 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
    "$m/irq_sim.c"
make -s -C "/usr/src/linux-headers-$kver" M="$m" modules >"$work/kbuild.log" 2>&1 ||
    { tail -n 20 "$work/kbuild.log" >&2; die "gpio-sim module build failed"; }
mods="$work/root/lib/modules/$kver"
mkdir -p "$mods/extra"
cp "$m/pv_gpio_sim.ko" "$mods/extra/"
depmod -b "$work/root" "$kver"

say "initramfs"
ird="$work/initramfs"
mkdir -p "$ird/bin" "$ird/dev" "$ird/proc" "$ird/sys" "$ird/mnt" "$ird/modules"
cp /bin/busybox "$ird/bin/busybox"
cp tests/vm/init "$ird/init"
chmod 755 "$ird/init"
# Modules in load order, dependencies first (modprobe --show-depends).
: >"$ird/modules/order"
for mod in kvm-amd virtio_pci 9pnet_virtio 9p overlay tun veth configfs \
    pv_gpio_sim; do
    modprobe -d "$work/root" -S "$kver" --show-depends "$mod" |
        while read -r verb path _; do
            [ "$verb" = insmod ] || continue
            f=$(basename "$path")
            grep -qx "$f" "$ird/modules/order" && continue
            cp "$path" "$ird/modules/$f"
            echo "$f" >>"$ird/modules/order"
        done
done
grep -qx pv_gpio_sim.ko "$ird/modules/order" || die "module order incomplete"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"
echo "$kver" >"$out/kver"
rm -rf "$work"
echo "$stamp-$image_ver" >"$out/stamp"
say "ready in $out"
echo "$out"
