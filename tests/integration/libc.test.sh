# libc.test.sh: the guest C library (docs/libc.md). A C guest's printf,
# snprintf, strtod and <math.h> give glibc's digits (libc_float against
# the same source built for Linux), in both modes; and no object of
# libpvlibc.a or of an OCaml unikernel uses the thread pointer or a
# system call.
libc_t="$TMPD/libc"
mkdir -p "$libc_t"

libc_same_as_glibc() {
    "$B/tests/libc_float.host" >"$libc_t/host.out" 2>&1 || {
        echo "the Linux build failed"
        return 1
    }
    cmp "$LAST_OUT" "$libc_t/host.out" >/dev/null || {
        diff "$LAST_OUT" "$libc_t/host.out" | head -n 6
        return 1
    }
}
for libc_m in "" .solo5; do
    libc_n="libc float digits${libc_m:+ (Solo5 mode)}: same as glibc"
    if expect "libc float digits${libc_m:+ (Solo5 mode)}: runs (0)" 0 \
        --out '^SUCCESS$' --not WRONG \
        -- "$PV" "$G/libc_float$libc_m.hvt" --solo5:quiet; then
        # The glibc build exists where ARCH is the build machine's.
        if [ -x "$B/tests/libc_float.host" ]; then
            check "$libc_n" libc_same_as_glibc
        else
            case_skip "$libc_n" "no glibc build of libc_float for this architecture"
        fi
    fi
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
