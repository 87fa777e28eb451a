# SPDX-License-Identifier: ISC
# negative.test.sh: bad command lines (exit status 2), unikernel files the
# tender must refuse (exit status 1: missing, not ELF, malformed Solo5
# notes, wrong ABI), and --help / --version. Each message is one line.
# All of it is refused before KVM is touched, so these cases need no KVM
# (the last one runs a guest).
CASE_KIND=nokvm

# Unsigned little-endian words of FILE at OFFSET, as decimal (od only, so
# that busybox's od does it too, in the aarch64 test VM).
elf_u16() { od -An -tu2 -j "$2" -N 2 "$1" | tr -d ' '; }
elf_u64() { od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '; }

# File offset of the PT_NOTE whose note has type TYPE (8 hex digits, as
# od prints a 32-bit word), found through the ELF program headers.
note_offset() {
    ph_off=$(elf_u64 "$1" 32) ph_size=$(elf_u16 "$1" 54)
    ph_num=$(elf_u16 "$1" 56) ph_i=0
    while [ "$ph_i" -lt "$ph_num" ]; do
        ph=$((ph_off + ph_i * ph_size))
        ph_i=$((ph_i + 1))
        [ "$(od -An -tx4 -j "$ph" -N 4 "$1" | tr -d ' ')" = 00000004 ] ||
            continue
        off=$(elf_u64 "$1" $((ph + 8)))
        t=$(od -An -tx4 -j $((off + 8)) -N 4 "$1" | tr -d ' ')
        if [ "$t" = "$2" ]; then
            echo "$off"
            return 0
        fi
    done
    return 1
}

# Overwrites the little-endian 32-bit word at OFFSET of FILE with VALUE.
put_u32() {
    v=$3
    bytes=$(printf '\\%03o\\%03o\\%03o\\%03o' $((v & 255)) \
        $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))
    # shellcheck disable=SC2059 # the format is the octal escapes
    printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# A copy of hello.hvt with the word at OFFSET within its TYPE note
# replaced by VALUE. Prints the copy's path; fails if the note is missing.
patched_hello() { # NAME TYPE OFFSET VALUE
    f="$TMPD/$1.hvt"
    cp "$G/hello.hvt" "$f" || return 1
    off=$(note_offset "$f" "$2") || return 1
    put_u32 "$f" $((off + $3)) "$4"
    echo "$f"
}


HELLO="$G/hello.hvt"
ABI1=31494241 # note types, as od -tx4 prints them
MFT1=3154464d
# Note layout: n_namesz @0, n_descsz @4, n_type @8, "Solo5" @12; ABI1
# content at 20 (target, version); MFT1 content at 24 (version, entries).

# --- bad command lines: status 2 -----------------------------------------
expect_one_line "cmdline: unknown option (2)" 2 \
    --out "^pinvisor: unknown option '--frobnicate'" --not SUCCESS \
    -- "$PV" --frobnicate "$HELLO" Hello_Solo5
expect_one_line "cmdline: --mem=0 (2)" 2 \
    --out '^pinvisor: --mem: 0 is out of range 1\.\.4096 MiB' --not SUCCESS \
    -- "$PV" --mem=0 "$HELLO" Hello_Solo5
expect "cmdline: --mem=abc (2)" 2 \
    --out "^pinvisor: --mem: 'abc' is not a number of MiB" --not SUCCESS \
    -- "$PV" --mem=abc "$HELLO" Hello_Solo5
expect "cmdline: --mem= (2)" 2 \
    --out "^pinvisor: --mem: '' is not a number of MiB" --not SUCCESS \
    -- "$PV" --mem= "$HELLO" Hello_Solo5
expect "cmdline: --mem=5000 (2)" 2 \
    --out '^pinvisor: --mem: 5000 is out of range 1\.\.4096 MiB' \
    --not SUCCESS -- "$PV" --mem=5000 "$HELLO" Hello_Solo5
expect "cmdline: --mem=1 is too small (2)" 2 \
    --out '^pinvisor: --mem: 1 MiB is too small' --not SUCCESS \
    -- "$PV" --mem=1 "$HELLO" Hello_Solo5
expect_one_line "cmdline: missing unikernel (2)" 2 \
    --out '^pinvisor: missing UNIKERNEL operand' -- "$PV"
expect "cmdline: options but no unikernel (2)" 2 \
    --out '^pinvisor: missing UNIKERNEL operand' -- "$PV" --mem=64 --
expect_one_line "cmdline: --block for a device the unikernel lacks (2)" 2 \
    --out "^pinvisor: --block:nonexistent=x: the unikernel declares no" \
    --out "no device 'nonexistent' \\(see pinvisor --help\\)$" \
    --not SUCCESS -- "$PV" --block:nonexistent=x "$HELLO" Hello_Solo5
expect "cmdline: --block with a bad device name (2)" 2 \
    --out '^pinvisor: --block:bad-name=x: expected --block:NAME=PATH' \
    --not SUCCESS -- "$PV" --block:bad-name=x "$HELLO" Hello_Solo5

# --- help and version: status 0 ------------------------------------------
expect "cmdline: --help lists the modules (0)" 0 \
    --out '^usage: pinvisor ' --out '^Compiled-in modules: .*block' \
    --not SUCCESS -- "$PV" --help
expect "cmdline: -h before a unikernel only prints help (0)" 0 \
    --out '^Compiled-in modules:' --not SUCCESS -- "$PV" -h "$HELLO"
expect_one_line "cmdline: --version names ABI version 2 (0)" 0 \
    --out '^pinvisor [0-9.]+ \(Solo5 hvt ABI version 2,' --not SUCCESS \
    -- "$PV" --version

# --- unikernel files the tender refuses: status 1 -------------------------
expect_one_line "file: missing unikernel file (1)" 1 \
    --out "^pinvisor: cannot open $TMPD/nonexistent.hvt: No such file" \
    -- "$PV" "$TMPD/nonexistent.hvt"
printf 'not an ELF file, but long enough for an ELF header\n%064d\n' 0 \
    >"$TMPD/notelf.hvt"
expect_one_line "file: a non-ELF file (1)" 1 \
    --out "^pinvisor: $TMPD/notelf.hvt: not an ELF file$" \
    -- "$PV" "$TMPD/notelf.hvt"
: >"$TMPD/empty.hvt"
expect "file: an empty file (1)" 1 \
    --out "^pinvisor: $TMPD/empty.hvt: file too short for an ELF header$" \
    -- "$PV" "$TMPD/empty.hvt"
mkdir -p "$TMPD/adir.hvt"
expect "file: a directory (1)" 1 \
    --out "^pinvisor: $TMPD/adir.hvt: not a regular file$" \
    -- "$PV" "$TMPD/adir.hvt"
head -c 200 "$HELLO" >"$TMPD/truncated.hvt"
expect "file: a truncated unikernel (1)" 1 \
    --out "^pinvisor: $TMPD/truncated.hvt: " --not SUCCESS \
    -- "$PV" "$TMPD/truncated.hvt"
expect "file: a host program, not a unikernel (1)" 1 \
    --out "^pinvisor: $PV: not an executable \\(ET_EXEC\\) ELF file$" \
    -- "$PV" "$PV"

# patched_case TAG TYPE OFFSET VALUE EXPECT NAME STATUS ARGS...: makes
# $TMPD/TAG.hvt (patched_hello) and runs `EXPECT NAME STATUS ARGS...`
# on it; if hello.hvt lacks the note, case NAME fails.
patched_case() {
    pc_tag=$1 pc_type=$2 pc_off=$3 pc_val=$4
    shift 4
    if patched_hello "$pc_tag" "$pc_type" "$pc_off" "$pc_val" >/dev/null; then
        "$@"
    else
        case_fail "$2" "$G/hello.hvt has no note of type $pc_type"
    fi
}
nf() { echo "$TMPD/$1.hvt"; }

# buggyelf: the MFT1 note's n_descsz no longer matches the note.
patched_case buggyelf_huge $MFT1 4 65535 \
    expect_one_line "buggyelf: MFT1 n_descsz above the maximum (1)" 1 \
    --out 'note does not fall within valid size$' --not SUCCESS \
    -- "$PV" "$(nf buggyelf_huge)" Hello_Solo5
patched_case buggyelf_past $MFT1 4 200 \
    expect "buggyelf: MFT1 n_descsz past the end of its PT_NOTE (1)" 1 \
    --out 'note does not fall within valid size$' --not SUCCESS \
    -- "$PV" "$(nf buggyelf_past)" Hello_Solo5
patched_case buggyelf_zero $MFT1 4 0 \
    expect "buggyelf: MFT1 n_descsz 0 (1)" 1 \
    --out 'note does not fall within valid size$' --not SUCCESS \
    -- "$PV" "$(nf buggyelf_zero)" Hello_Solo5
patched_case nomft $MFT1 8 0x3154464e \
    expect "buggyelf: no MFT1 note (1)" 1 \
    --out 'no Solo5 MFT1 \(manifest\) note$' --not SUCCESS \
    -- "$PV" "$(nf nomft)" Hello_Solo5
patched_case mftversion $MFT1 24 2 \
    expect "buggyelf: manifest version 2 (1)" 1 \
    --out 'invalid manifest: unsupported manifest version 2$' \
    --not SUCCESS -- "$PV" "$(nf mftversion)" Hello_Solo5

# A unikernel built for another Solo5 ABI version or target.
patched_case abiv1 $ABI1 24 1 \
    expect_one_line "abi: unikernel for hvt ABI version 1 is refused (1)" 1 \
    --out 'built for hvt ABI version 1, this tender runs version 2$' \
    --not SUCCESS -- "$PV" "$(nf abiv1)" Hello_Solo5
patched_case abispt $ABI1 20 2 \
    expect "abi: unikernel for the spt target is refused (1)" 1 \
    --out 'built for Solo5 target 2, not hvt \(1\)$' \
    --not SUCCESS -- "$PV" "$(nf abispt)" Hello_Solo5
patched_case noabi $ABI1 8 0x31494242 \
    expect "abi: unikernel without an ABI1 note is refused (1)" 1 \
    --out 'no Solo5 ABI1 note: not a Solo5 hvt unikernel$' \
    --not SUCCESS -- "$PV" "$(nf noabi)" Hello_Solo5
# The unpatched copy still runs: the patching above changed only the note.
withkvm patched_case unpatched $ABI1 24 2 \
    expect "abi: a copy patched with the same version still runs (0)" 0 \
    --out '^SUCCESS$' -- "$PV" "$(nf unpatched)" Hello_Solo5
