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
# urunc: solo5-hvt --mem=MB [--block:ID=PATH] [--block-sector-size:ID=N]
# -- KERNEL CMDLINE, the guest's command line one argument.
expect "solo5-hvt drop-in: urunc's command line runs hello" 0 \
    --out '^SUCCESS$' \
    -- "$DROPIN/solo5-hvt" --mem=256 -- "$G/hello.solo5.hvt" Hello_Solo5
rm -f "$DROP_IMG" && truncate -s 4M "$DROP_IMG"
expect "solo5-hvt drop-in: urunc's command line runs blk" 0 \
    --out '^storage: handle 1, capacity 4194304, block size 512$' \
    --out '^SUCCESS$' --not FAILURE \
    -- "$DROPIN/solo5-hvt" --mem=256 --block:storage="$DROP_IMG" \
    --block-sector-size:storage=512 -- "$G/blk.solo5.hvt" "4194304 512"
# Albatross: solo5-hvt.ABI --mem=N --block:NAME=FILE -- IMAGE ARGS...
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
