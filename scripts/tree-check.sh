#!/bin/sh
# SPDX-License-Identifier: ISC
#
# tree-check.sh: docs/architecture.md's "Source tree" section names every
# source file of the tree, so the table cannot drift from it. A file is
# named when the section holds, in backquotes, its path, the end of its
# path from a '/' on (`blink/blink.c`, `cpu.c`), or a pattern with '*'
# that matches its path (`tests/guests/*/*.c`).
# Source files are those of scripts/license-check.sh. Prints each file
# not named and "tree check: N files, M not in docs/architecture.md";
# exits 1 if M > 0.
#
#   scripts/tree-check.sh [DOC]
set -eu
cd "$(dirname "$0")/.."
doc=${1:-docs/architecture.md}

# The backquoted words of the section, one per line.
names=$(awk '/^## Source tree/ { on = 1; next } /^## / { on = 0 } on' "$doc" |
    grep -o '`[^`]*`' | tr -d '`' | tr ' ,' '\n\n' | grep -v '^$' | sort -u)

total=0
missing=0
for f in $(scripts/license-check.sh --list); do
    total=$((total + 1))
    found=""
    for n in $names; do
        # shellcheck disable=SC2254
        case $f in "$n" | */"$n") found=yes ;; esac
        case $n in *'*'*) case $f in $n) found=yes ;; esac ;; esac
        [ -n "$found" ] && break
    done
    if [ -z "$found" ]; then
        echo "not in $doc: $f"
        missing=$((missing + 1))
    fi
done
echo "tree check: $total files, $missing not in $doc"
[ "$missing" -eq 0 ]
