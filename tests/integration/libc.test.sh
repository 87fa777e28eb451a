# SPDX-License-Identifier: ISC
# libc.test.sh: the guest C library (docs/libc.md). A C guest's printf,
# snprintf, strtod and <math.h> give glibc's digits (libc_float against
# the same source built for Linux), in both modes; and no object of
# libpvlibc.a or of an OCaml unikernel uses the thread pointer or a
# system call.
libc_t="$TMPD/libc"
mkdir -p "$libc_t"

# glibc's output of the same program, made on this machine (no KVM
# needed) and kept in the x86_64 build for the arm64 VM's run too.
LIBC_REF="${B%/aarch64}/tests/libc_float.glibc.out"
libc_reference() {
    "$B/tests/libc_float.host" >"$LIBC_REF" 2>&1 || {
        echo "the Linux build failed: $(tail -n 3 "$LIBC_REF")"
        return 1
    }
}
[ -x "$B/tests/libc_float.host" ] &&
    nokvm check "libc float digits: glibc's reference output" libc_reference

libc_same_as_glibc() {
    cmp "$LAST_OUT" "$LIBC_REF" >/dev/null || {
        diff "$LAST_OUT" "$LIBC_REF" | head -n 6
        return 1
    }
}
for libc_m in "" .solo5; do
    libc_n="libc float digits${libc_m:+ (Solo5 mode)}: same as glibc"
    expect "libc float digits${libc_m:+ (Solo5 mode)}: runs (0)" 0 \
        --out '^SUCCESS$' --not WRONG \
        -- "$PV" "$G/libc_float$libc_m.hvt" --solo5:quiet &&
        check "$libc_n" libc_same_as_glibc
done

# No %fs/%gs (thread pointer) and no system call instruction anywhere.
libc_no_tls_no_syscalls() {
    for f in "$@"; do
        n=$(objdump -d "$f" | grep -Ec '%fs|%gs|[[:space:]](syscall|sysenter)([[:space:]]|$)')
        [ "$n" -eq 0 ] || {
            echo "$f: $n instructions use the thread pointer or a system call"
            return 1
        }
    done
}
nokvm check "libc: no thread pointer or system call in libpvlibc.a" \
    libc_no_tls_no_syscalls "$B/guest/libpvlibc.a"
nokvm check "libc: none in OCaml unikernels either" \
    libc_no_tls_no_syscalls "$B/examples/blink_ml.hvt" \
    "$B/examples/button_ml.hvt" "$B/tests/ocaml/workload.hvt"
