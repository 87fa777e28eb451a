#!/bin/sh
# SPDX-License-Identifier: ISC
# musl_import.sh: takes the pure parts of Debian's musl libc.a for the
# guest C library (docs/libc.md).
#
#   musl_import.sh LIBC_A OUTDIR SSP_REWRITE OBJDUMP LIBGCC_A GLUE_OBJ...
#
# Starting from the names in musl.syms and the glue's undefined symbols,
# it selects each needed member of LIBC_A and, transitively, the members
# those need, except for what the glue (guest/libc/*.c) defines. Each
# selected member gets the renames of musl.rename and has its
# stack-protector guard reads rewritten (SSP_REWRITE, x86_64); then it
# must not use the thread pointer (%fs, %gs, tpidr_el0), make system
# calls, or define a symbol the glue defines. Writes the members to OUTDIR/obj/ and their list to
# OUTDIR/members.txt; any violation stops the build with a message.
set -eu
libc=$(realpath "$1") out=$2 ssp=$(realpath "$3") objdump=$4 libgcc=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
die() {
    echo "musl_import: $*" >&2
    exit 1
}
[ -r "$libc" ] || die "$libc: not found (Debian package musl-dev)"
rm -rf "$out"
mkdir -p "$out/obj"

# Symbol tables, renames applied: "member kind name" for definitions
# (kind T/D/B/R/W/V...) and "member U name" for strong references.
nm -A "$libc" 2>/dev/null | awk -v renames="$here/musl.rename" '
BEGIN {
    while ((getline line < renames) > 0) {
        if (line ~ /^#/ || line ~ /^[ \t]*$/) continue
        split(line, f, " ")
        ren[f[1] SUBSEP f[2]] = f[3]
    }
}
{
    # libc.a:member.lo: [addr] kind name
    n = split($1, p, ":"); m = p[2]
    if (NF == 3) { kind = $2; name = $3 } else { kind = $3; name = $4 }
    if ((m SUBSEP name) in ren) name = ren[m SUBSEP name]
    else if (("*" SUBSEP name) in ren) name = ren["*" SUBSEP name]
    if (kind ~ /^[TDBRWVGSC]$/ || kind == "i") print m, kind, name
    else if (kind == "U") print m, "U", name
}' >"$out/musl.tab"

nm -A "$@" | awk '{ if (NF == 3) print "glue", $2, $3; else print "glue", $3, $4 }' \
    >"$out/glue.tab"
# libgcc's helpers (aarch64's 128-bit long double arithmetic, say) are
# linked from libgcc itself.
nm -g --defined-only "$libgcc" 2>/dev/null | awk 'NF == 3 { print $3 }' \
    >"$out/libgcc.syms"

sed 's/#.*//' "$here/musl.syms" | tr -s ' \t' '\n\n' | grep -v '^$' \
    >"$out/seeds.txt"

# The closure, in awk: needs are resolved by the glue first, then by the
# musl member with a strong definition, then by one with a weak one.
awk -v seeds="$out/seeds.txt" -v glue="$out/glue.tab" \
    -v libgcc="$out/libgcc.syms" -v out="$out" '
BEGIN {
    while ((getline line < glue) > 0) {
        split(line, f, " ")
        if (f[2] == "U") gneed[f[3]] = 1
        else if (f[2] ~ /^[TDBRWVGSC]$/) gdef[f[3]] = 1
    }
}
{
    m = $1; k = $2; s = $3
    if (k == "U") { uses[m] = uses[m] " " s; next }
    if (k ~ /^[WV]$/) { if (!(s in weak)) weak[s] = m }
    else if (!(s in strong)) strong[s] = m
    defs[m] = defs[m] " " s
}
END {
    nq = 0
    while ((getline line < seeds) > 0) q[nq++] = line
    for (s in gneed) q[nq++] = s
    allowed["__stack_chk_fail"] = 1   # the bindings define them
    allowed["__stack_chk_guard"] = 1
    while ((getline line < libgcc) > 0) allowed[line] = 1
    allowed["_GLOBAL_OFFSET_TABLE_"] = 1   # the linker does
    for (i = 0; i < nq; i++) {
        s = q[i]
        if (s in seen) continue
        seen[s] = 1
        if (s in gdef || s in allowed) continue
        m = (s in strong) ? strong[s] : ((s in weak) ? weak[s] : "")
        if (m == "") {
            if (s ~ /^solo5_/) continue
            printf "musl_import: nothing defines %s\n", s > "/dev/stderr"
            bad = 1
            continue
        }
        if (m in picked) continue
        picked[m] = 1
        n = split(uses[m], u, " ")
        for (j = 1; j <= n; j++) q[nq++] = u[j]
    }
    for (m in picked) {
        n = split(defs[m], d, " ")
        for (j = 1; j <= n; j++)
            if (d[j] in gdef) {
                printf "musl_import: %s defines %s, as the glue does\n", \
                    m, d[j] > "/dev/stderr"
                bad = 1
            }
        print m > (out "/members.txt")
    }
    exit bad
}' "$out/musl.tab" || die "selection failed"
sort -o "$out/members.txt" "$out/members.txt"

cd "$out/obj"
bad=""
# shellcheck disable=SC2046
ar x "$libc" $(cat ../members.txt)
for m in $(cat ../members.txt); do
    args=$(awk -v m="$m" '!/^#/ && NF == 3 && ($1 == m || $1 == "*") {
        printf " --redefine-sym %s=%s", $2, $3 }' "$here/musl.rename")
    # shellcheck disable=SC2086
    [ -z "$args" ] || "${OBJCOPY:-objcopy}" $args "$m"
    # x86_64 only: aarch64's guard is the global __stack_chk_guard.
    want=$("$objdump" -d "$m" | grep -c '%fs:0x28' || true)
    if [ "$want" -gt 0 ]; then
        got=$("$ssp" "$m") || die "$m: cannot rewrite"
        [ "$want" = "$got" ] ||
            die "$m: $want guard reads in the disassembly, $got rewritten"
    fi
    if "$objdump" -d "$m" |
        grep -Eq '%fs|%gs|tpidr_el0|[[:space:]](syscall|sysenter|int[[:space:]]+\$0x80|svc)([[:space:]]|$)'; then
        echo "musl_import: $m: uses the thread pointer or a system call" >&2
        bad="$bad $m"
    fi
done
[ -z "$bad" ] || die "refused:$bad"
