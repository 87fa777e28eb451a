#!/bin/sh
# SPDX-License-Identifier: ISC
#
# tree-check.sh: docs/architecture.md's "Source tree" table names every
# source file of the tree, so the table cannot drift from it. A file is
# named by a row when, in backquotes, the row holds its full path, a
# pattern with '*' that matches its full path (`tests/guests/*/*.c`), or
# its path below one of the folders of the row's first column (row
# `tender/arch/x86_64/`: `cpu.c`; row `bench/`: `boot/run.sh`). Source
# files are those of scripts/license-check.sh. Prints each file not named
# and "tree check: N files, M not in DOC"; exits 1 if M > 0 or N = 0.
#
#   scripts/tree-check.sh [DOC [PATH...]]   PATHs instead of the tree's
set -eu
cd "$(dirname "$0")/.."
doc=${1:-docs/architecture.md}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- $(scripts/license-check.sh --list)

# One line per (folder, name) of the section's rows: "FOLDER NAME", with
# FOLDER "-" for names that only count as full paths or patterns.
pairs=$(awk '
    /^## Source tree/ { on = 1; next }
    /^## / { on = 0 }
    !on || !/^\| `/ { next }
    {
        split($0, col, "|")
        nf = 0
        s = col[2]
        while (match(s, /`[^`]*`/)) {
            t = substr(s, RSTART + 1, RLENGTH - 2)
            if (t ~ /\/$/) folders[++nf] = t
            s = substr(s, RSTART + RLENGTH)
        }
        s = $0
        while (match(s, /`[^`]*`/)) {
            t = substr(s, RSTART + 1, RLENGTH - 2)
            s = substr(s, RSTART + RLENGTH)
            n = split(t, w, /[ ,]+/)
            for (i = 1; i <= n; i++) {
                if (w[i] == "") continue
                print "-", w[i]
                for (k = 1; k <= nf; k++) print folders[k], w[i]
            }
        }
        delete folders
    }' "$doc" | sort -u)

total=0
missing=0
for f in "$@"; do
    total=$((total + 1))
    found=$(printf '%s\n' "$pairs" | while read -r dir name; do
        [ "$dir" = - ] && dir=""
        # shellcheck disable=SC2254 # the name may be a pattern
        case $f in "$dir$name") echo y && break ;; esac
        case $name in *'*'*) case $f in $name) echo y && break ;; esac ;; esac
    done)
    if [ -z "$found" ]; then
        echo "not in $doc: $f"
        missing=$((missing + 1))
    fi
done
echo "tree check: $total files, $missing not in $doc"
[ "$total" -gt 0 ] && [ "$missing" -eq 0 ]
