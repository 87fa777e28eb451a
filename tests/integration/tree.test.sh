# SPDX-License-Identifier: ISC
# tree.test.sh: checks on the source tree itself (kind nokvm): every
# source file carries its license line (docs/licenses.md).
CASE_KIND=nokvm

expect "tree: every source file has an SPDX line" 0 \
    --out '^license check: [0-9]+ files, 0 without SPDX$' \
    -- scripts/license-check.sh

printf '/* no license line */\nint x;\n' >"$TMPD/nolicense.c"
printf '#!/bin/sh\n# SPDX-License-Identifier: ISC\ntrue\n' >"$TMPD/licensed.sh"
expect "tree: a source file without an SPDX line is named (1)" 1 \
    --out "^no SPDX line: $TMPD/nolicense.c\$" \
    --out '^license check: 2 files, 1 without SPDX$' \
    --not 'licensed.sh' \
    -- scripts/license-check.sh "$TMPD/nolicense.c" "$TMPD/licensed.sh"
