# SPDX-License-Identifier: ISC
# block.test.sh: BLOCK_BASIC devices (Solo5's blk, blk misaligned / odd /
# too small, mft_maxdevices and too_many_entries), the tender's checks of
# --block options and images, and the manifest limit of 63 devices.
BLK_IMG="$TMPD/blk.img"
BLK_SIZE=4194304
BLK_DEV="pinvisor: block device 'storage'"

# The words the blk guest wrote are in the image file: block b, word j
# holds b << 32 | j (little-endian); block 1 was never written.
blk_image_holds_pattern() {
    bs=$1
    last=$((BLK_SIZE / bs - 1))
    got=$(od -An -tx8 -j $((10 * bs)) -N 16 "$BLK_IMG" | tr -d ' \n')
    if [ "$got" != 0000000a000000000000000a00000001 ]; then
        echo "block 10 starts with $got"
        return 1
    fi
    want=$(printf '%08x%08x' "$last" $((bs / 8 - 1)))
    got=$(od -An -tx8 -j $(((last + 1) * bs - 8)) -N 8 "$BLK_IMG" |
        tr -d ' \n')
    if [ "$got" != "$want" ]; then
        echo "last block ends with $got, expected $want"
        return 1
    fi
    if od -An -tx1 -j "$bs" -N "$bs" "$BLK_IMG" | grep -q '[1-9a-f]'; then
        echo "block 1 is not zero"
        return 1
    fi
}

new_image() {
    rm -f "$1"
    truncate -s "$2" "$1"
}


for m in native solo5; do
    sfx=""
    [ $m = solo5 ] && sfx=.solo5
    new_image "$BLK_IMG" 4M
    expect "blk $m: 4 MiB image, 512-byte sectors" 0 \
        --out '^storage: handle 1, capacity 4194304, block size 512$' \
        --out '^SUCCESS$' --not FAILURE \
        -- "$PV" "--block:storage=$BLK_IMG" "$G/blk$sfx.hvt" 4194304 512 &&
        check "blk $m: 512-byte sector writes reach the image file" \
            blk_image_holds_pattern 512
    new_image "$BLK_IMG" 4M
    expect "blk $m: 4 MiB image, --block-sector-size 4096" 0 \
        --out '^storage: handle 1, capacity 4194304, block size 4096$' \
        --out '^SUCCESS$' --not FAILURE \
        -- "$PV" "--block:storage=$BLK_IMG" \
        --block-sector-size:storage=4096 "$G/blk$sfx.hvt" 4194304 4096 &&
        check "blk $m: 4096-byte sector writes reach the image file" \
            blk_image_holds_pattern 4096
done

# The tender's own checks happen before the guest runs: one mode is enough.
# Those made before KVM is opened need no KVM; the others (withkvm) are
# made after it today.
CASE_KIND=nokvm
BLK="$G/blk.hvt"
new_image "$BLK_IMG" $((BLK_SIZE + 512))
withkvm expect "blk: image not a multiple of the sector size is refused (1)" 1 \
    --out "^$BLK_DEV: the size of .* is not a multiple of the 4096-byte" \
    --out ' sector size$' \
    --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" --block-sector-size:storage=4096 \
    "$BLK" $((BLK_SIZE + 512)) 4096 &&
    withkvm check "blk: the size error is one line" one_line
new_image "$BLK_IMG" 4M
expect "blk: sector size 521 is a bad command line (2)" 2 \
    --out '^pinvisor: --block-sector-size:storage=521: the sector size' \
    --out 'must be a power of two from 512 to 32768 \(see pinvisor --help\)$' \
    --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" --block-sector-size:storage=521 \
    "$BLK" 4194304 521 &&
    check "blk: the sector size error is one line" one_line
expect "blk: sector size 256 is a bad command line (2)" 2 \
    --out '^pinvisor: --block-sector-size:storage=256: the sector size' \
    --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" --block-sector-size:storage=256 \
    "$BLK" 4194304 256
expect "blk: sector size 65536 is a bad command line (2)" 2 \
    --out '^pinvisor: --block-sector-size:storage=65536: ' --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" --block-sector-size:storage=65536 \
    "$BLK" 4194304 65536
expect "blk: sector size that is not a number is a bad command line (2)" 2 \
    --out '^pinvisor: --block-sector-size:storage=4k: ' --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" --block-sector-size:storage=4k \
    "$BLK" 4194304 4096
new_image "$BLK_IMG" 256
withkvm expect "blk: image smaller than one sector is refused (1)" 1 \
    --out "^$BLK_DEV: .* is smaller than one 512-byte sector$" \
    --not SUCCESS -- "$PV" "--block:storage=$BLK_IMG" "$BLK" 256 512
new_image "$BLK_IMG" 0
withkvm expect "blk: empty image is refused (1)" 1 \
    --out "^$BLK_DEV: .* is smaller than one 512-byte sector$" \
    --not SUCCESS -- "$PV" "--block:storage=$BLK_IMG" "$BLK" 0 512
new_image "$BLK_IMG" 4M
withkvm expect "blk: device without --block is refused (1)" 1 \
    --out "^pinvisor: device 'storage' \\(BLOCK_BASIC\\) is declared" \
    --out 'in the manifest but not attached: give --block:storage=\.\.\.$' \
    --not SUCCESS -- "$PV" "$BLK" 4194304 512 &&
    withkvm check "blk: the not-attached error is one line" one_line
expect "blk: device not in the manifest is a bad command line (2)" 2 \
    --out "^pinvisor: --block:other=.*: the unikernel declares no device" \
    --out "no device 'other' \\(see pinvisor --help\\)$" \
    --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" "--block:other=$BLK_IMG" \
    "$BLK" 4194304 512 &&
    check "blk: the unknown-device error is one line" one_line
expect "blk: device given twice is a bad command line (2)" 2 \
    --out "given twice" --not SUCCESS \
    -- "$PV" "--block:storage=$BLK_IMG" "--block:storage=$BLK_IMG" \
    "$BLK" 4194304 512
withkvm expect "blk: --block-sector-size without --block is a bad command line (2)" 2 \
    --out '^pinvisor: --block-sector-size:storage given without' \
    --out 'without --block:storage=PATH' \
    --not SUCCESS -- "$PV" --block-sector-size:storage=4096 "$BLK" 0 0
withkvm expect "blk: image that does not exist is refused (1)" 1 \
    --out "^$BLK_DEV: cannot open $TMPD/nonexistent.img: No such file" \
    --not SUCCESS -- "$PV" "--block:storage=$TMPD/nonexistent.img" \
    "$BLK" 4194304 512

# mft_maxdevices: the most devices a manifest can hold, all attached (the
# tender opens the one 4 KiB image 63 times).
CASE_KIND=kvm
new_image "$BLK_IMG" 4096
MAXDEV_ARGS=""
for i in $(seq 1 63); do
    MAXDEV_ARGS="$MAXDEV_ARGS --block:blk$i=$BLK_IMG"
done
for m in native solo5; do
    sfx=""
    [ $m = solo5 ] && sfx=.solo5
    # shellcheck disable=SC2086 # one word per option
    expect "mft_maxdevices $m: 63 devices attached, first and last usable" \
        0 --out '^blk1: handle 1, capacity 4096, block size 512$' \
        --out '^blk63: handle 63, capacity 4096, block size 512$' \
        --out '^SUCCESS$' --not FAILURE \
        -- "$PV" $MAXDEV_ARGS "$G/mft_maxdevices$sfx.hvt"
done

# too_many_entries: elftool refuses a manifest of 64 devices, takes 63.
gen_devices() {
    printf '{"type": "solo5.manifest", "version": 1, "devices": ['
    for i in $(seq 1 "$1"); do
        [ "$i" -gt 1 ] && printf ', '
        printf '{"name": "blk%d", "type": "BLOCK_BASIC"}' "$i"
    done
    printf ']}\n'
}
CASE_KIND=nokvm
gen_devices 64 >"$TMPD/mft64.json"
gen_devices 63 >"$TMPD/mft63.json"
expect "too_many_entries: elftool refuses 64 devices (1)" 1 \
    --out '64 devices declared, maximum 63$' \
    -- "$B/pinvisor-elftool" gen-manifest "$TMPD/mft64.json" "$TMPD/mft64.c" &&
    check "too_many_entries: the error is one line" one_line
expect "too_many_entries: elftool takes 63 devices" 0 \
    --not . \
    -- "$B/pinvisor-elftool" gen-manifest "$TMPD/mft63.json" "$TMPD/mft63.c" &&
    check "too_many_entries: 63 devices give 64 manifest entries" \
        grep -q '^#define MFT_ENTRIES 64$' "$TMPD/mft63.c"
