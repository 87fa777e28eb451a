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

# The last command wrote exactly one line (its error message).
one_line() {
    n=$(wc -l <"$LAST_OUT")
    [ "$n" -eq 1 ] || {
        echo "$n lines of output"
        return 1
    }
}

HELLO="$G/hello.hvt"
ABI1=31494241 # note types, as od -tx4 prints them
MFT1=3154464d
# Note layout: n_namesz @0, n_descsz @4, n_type @8, "Solo5" @12; ABI1
# content at 20 (target, version); MFT1 content at 24 (version, entries).

# --- bad command lines: status 2 -----------------------------------------
expect "cmdline: unknown option (2)" 2 \
    --out "^pinvisor: unknown option '--frobnicate'" --not SUCCESS \
    -- "$PV" --frobnicate "$HELLO" Hello_Solo5 &&
    check "cmdline: the unknown-option error is one line" one_line
expect "cmdline: --mem=0 (2)" 2 \
    --out '^pinvisor: --mem: 0 is out of range 1\.\.4096 MiB' --not SUCCESS \
    -- "$PV" --mem=0 "$HELLO" Hello_Solo5 &&
    check "cmdline: the --mem=0 error is one line" one_line
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
expect "cmdline: missing unikernel (2)" 2 \
    --out '^pinvisor: missing UNIKERNEL operand' -- "$PV" &&
    check "cmdline: the missing-unikernel error is one line" one_line
expect "cmdline: options but no unikernel (2)" 2 \
    --out '^pinvisor: missing UNIKERNEL operand' -- "$PV" --mem=64 --
expect "cmdline: --block for a device the unikernel lacks (2)" 2 \
    --out "^pinvisor: --block:nonexistent=x: the unikernel declares no" \
    --out "no device 'nonexistent' \\(see pinvisor --help\\)$" \
    --not SUCCESS -- "$PV" --block:nonexistent=x "$HELLO" Hello_Solo5 &&
    check "cmdline: the undeclared-device error is one line" one_line
expect "cmdline: --block with a bad device name (2)" 2 \
    --out '^pinvisor: --block:bad-name=x: expected --block:NAME=PATH' \
    --not SUCCESS -- "$PV" --block:bad-name=x "$HELLO" Hello_Solo5

# --- help and version: status 0 ------------------------------------------
expect "cmdline: --help lists the modules (0)" 0 \
    --out '^usage: pinvisor ' --out '^Compiled-in modules: .*block' \
    --not SUCCESS -- "$PV" --help
expect "cmdline: -h before a unikernel only prints help (0)" 0 \
    --out '^Compiled-in modules:' --not SUCCESS -- "$PV" -h "$HELLO"
expect "cmdline: --version names ABI version 2 (0)" 0 \
    --out '^pinvisor [0-9.]+ \(Solo5 hvt ABI version 2,' --not SUCCESS \
    -- "$PV" --version &&
    check "cmdline: --version prints one line" one_line

# --- unikernel files the tender refuses: status 1 -------------------------
expect "file: missing unikernel file (1)" 1 \
    --out "^pinvisor: cannot open $TMPD/nonexistent.hvt: No such file" \
    -- "$PV" "$TMPD/nonexistent.hvt" &&
    check "file: the cannot-open error is one line" one_line
printf 'not an ELF file, but long enough for an ELF header\n%064d\n' 0 \
    >"$TMPD/notelf.hvt"
expect "file: a non-ELF file (1)" 1 \
    --out "^pinvisor: $TMPD/notelf.hvt: not an ELF file$" \
    -- "$PV" "$TMPD/notelf.hvt" &&
    check "file: the not-ELF error is one line" one_line
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

# buggyelf: the MFT1 note's n_descsz no longer matches the note.
if f=$(patched_hello buggyelf_huge $MFT1 4 65535); then
    expect "buggyelf: MFT1 n_descsz above the maximum (1)" 1 \
        --out 'note does not fall within valid size$' --not SUCCESS \
        -- "$PV" "$f" Hello_Solo5 &&
        check "buggyelf: the note error is one line" one_line
else
    case_fail "buggyelf: MFT1 n_descsz above the maximum (1)" "no MFT1 note"
fi
if f=$(patched_hello buggyelf_past $MFT1 4 200); then
    expect "buggyelf: MFT1 n_descsz past the end of its PT_NOTE (1)" 1 \
        --out 'note does not fall within valid size$' --not SUCCESS \
        -- "$PV" "$f" Hello_Solo5
else
    case_fail "buggyelf: MFT1 n_descsz past the end of its PT_NOTE (1)" \
        "no MFT1 note"
fi
if f=$(patched_hello buggyelf_zero $MFT1 4 0); then
    expect "buggyelf: MFT1 n_descsz 0 (1)" 1 \
        --out 'note does not fall within valid size$' --not SUCCESS \
        -- "$PV" "$f" Hello_Solo5
else
    case_fail "buggyelf: MFT1 n_descsz 0 (1)" "no MFT1 note"
fi
if f=$(patched_hello nomft $MFT1 8 0x3154464e); then
    expect "buggyelf: no MFT1 note (1)" 1 \
        --out 'no Solo5 MFT1 \(manifest\) note$' --not SUCCESS \
        -- "$PV" "$f" Hello_Solo5
else
    case_fail "buggyelf: no MFT1 note (1)" "no MFT1 note"
fi
if f=$(patched_hello mftversion $MFT1 24 2); then
    expect "buggyelf: manifest version 2 (1)" 1 \
        --out 'invalid manifest: unsupported manifest version 2$' \
        --not SUCCESS -- "$PV" "$f" Hello_Solo5
else
    case_fail "buggyelf: manifest version 2 (1)" "no MFT1 note"
fi

# A unikernel built for another Solo5 ABI version or target.
if f=$(patched_hello abiv1 $ABI1 24 1); then
    expect "abi: unikernel for hvt ABI version 1 is refused (1)" 1 \
        --out 'built for hvt ABI version 1, this tender runs version 2$' \
        --not SUCCESS -- "$PV" "$f" Hello_Solo5 &&
        check "abi: the ABI version error is one line" one_line
else
    case_fail "abi: unikernel for hvt ABI version 1 is refused (1)" "no ABI1 note"
fi
if f=$(patched_hello abispt $ABI1 20 2); then
    expect "abi: unikernel for the spt target is refused (1)" 1 \
        --out 'built for Solo5 target 2, not hvt \(1\)$' \
        --not SUCCESS -- "$PV" "$f" Hello_Solo5
else
    case_fail "abi: unikernel for the spt target is refused (1)" "no ABI1 note"
fi
if f=$(patched_hello noabi $ABI1 8 0x31494242); then
    expect "abi: unikernel without an ABI1 note is refused (1)" 1 \
        --out 'no Solo5 ABI1 note: not a Solo5 hvt unikernel$' \
        --not SUCCESS -- "$PV" "$f" Hello_Solo5
else
    case_fail "abi: unikernel without an ABI1 note is refused (1)" "no ABI1 note"
fi
# The unpatched copy still runs: the patching above changed only the note.
if f=$(patched_hello unpatched $ABI1 24 2); then
    withkvm expect "abi: a copy patched with the same version still runs (0)" 0 \
        --out '^SUCCESS$' -- "$PV" "$f" Hello_Solo5
else
    withkvm case_fail "abi: a copy patched with the same version still runs (0)" \
        "no ABI1 note"
fi
