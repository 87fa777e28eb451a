#!/bin/sh
# SPDX-License-Identifier: ISC
#
# license-check.sh: every source file of the tree carries an SPDX line in
# its first three lines. Source files are the tracked files with a source
# ending (.c .h .S .lds .sh .mk .ml .mli .in .bats), a build or script
# name (Makefile, Kbuild, .ci/run, tests/vm/init, ocaml/pinvisor-ocaml),
# or a "#!" line. Data (JSON, stimulus and corpus files, MODES, lists)
# and prose (docs) are not source. With FILE arguments, checks those
# instead. Prints each file without the line and "license check: N
# files, M without SPDX"; exits 1 if M > 0.
#
#   scripts/license-check.sh [FILE...]
#   scripts/license-check.sh --list    the tree's source files, one a line
set -eu
listonly=""
[ "${1:-}" = --list ] && listonly=yes && shift
if [ $# -eq 0 ]; then
    cd "$(dirname "$0")/.."
    set -- $(git ls-files)
fi

is_source() {
    case "$1" in
    *.c | *.h | *.S | *.lds | *.sh | *.mk | *.ml | *.mli | *.in | *.bats) return 0 ;;
    Makefile | */Makefile | */Kbuild | .ci/run | tests/vm/init) return 0 ;;
    esac
    [ -f "$1" ] && head -c 2 "$1" | grep -q '^#!'
}

total=0
missing=0
for f in "$@"; do
    is_source "$f" || continue
    [ -n "$listonly" ] && echo "$f" && continue
    total=$((total + 1))
    if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: '; then
        echo "no SPDX line: $f"
        missing=$((missing + 1))
    fi
done
[ -n "$listonly" ] && exit 0
echo "license check: $total files, $missing without SPDX"
[ "$total" -gt 0 ] && [ "$missing" -eq 0 ]
