# SPDX-License-Identifier: ISC
# tree.test.sh: checks on the source tree itself (kind nokvm): every
# source file carries its license line (docs/licenses.md).
CASE_KIND=nokvm

expect "tree: every source file has an SPDX line" 0 \
    --out '^license check: [1-9][0-9]* files, 0 without SPDX$' \
    -- scripts/license-check.sh

printf '/* no license line */\nint x;\n' >"$TMPD/nolicense.c"
printf '#!/bin/sh\n# SPDX-License-Identifier: ISC\ntrue\n' >"$TMPD/licensed.sh"
expect "tree: a source file without an SPDX line is named (1)" 1 \
    --out "^no SPDX line: $TMPD/nolicense.c\$" \
    --out '^license check: 2 files, 1 without SPDX$' \
    --not 'licensed.sh' \
    -- scripts/license-check.sh "$TMPD/nolicense.c" "$TMPD/licensed.sh"

# make on a machine without a package it needs: one line naming it and
# the command that installs it (a dpkg-query that reports libjson-c-dev
# as not installed stands in for such a machine).
mkdir -p "$TMPD/nodeps"
cat >"$TMPD/nodeps/dpkg-query" <<'EOS'
#!/bin/sh
for a; do [ "$a" = libjson-c-dev ] && { echo "unknown ok not-installed"; exit 1; }; done
exec /usr/bin/dpkg-query "$@"
EOS
chmod +x "$TMPD/nodeps/dpkg-query"
expect_one_line "tree: make without libjson-c-dev says what installs it (2)" 2 \
    --out "^Makefile:[0-9]+: \*\*\* missing Debian packages: libjson-c-dev; 'make deps' \(as root\) installs them\.  Stop\.\$" \
    -- env PATH="$TMPD/nodeps:$PATH" make --no-print-directory -n all BUILD="$B"

# docs/architecture.md's source tree names every source file.
expect "tree: docs/architecture.md names every source file" 0 \
    --out '^tree check: [1-9][0-9]* files, 0 not in docs/architecture.md$' \
    -- scripts/tree-check.sh
sed '/^## Source tree/,/^## /s/`tls.c`, //' docs/architecture.md >"$TMPD/arch.md"
expect "tree: a source file the tree table lacks is named (1)" 1 \
    --out "^not in $TMPD/arch.md: guest/tls.c\$" \
    --out "^tree check: [0-9]+ files, 1 not in $TMPD/arch.md\$" \
    -- scripts/tree-check.sh "$TMPD/arch.md"
expect "tree: a new file named like a listed one is not taken as listed (1)" 1 \
    --out '^not in docs/architecture.md: bench/newthing/run.sh$' \
    --out '^not in docs/architecture.md: tender/i2c/main.c$' \
    --out '^tree check: 3 files, 2 not in docs/architecture.md$' \
    -- scripts/tree-check.sh docs/architecture.md bench/newthing/run.sh \
    tender/i2c/main.c tender/main.c
