#!/bin/sh
# run.sh: runs every tests/integration/*.test.sh file in one shell, then
# writes I_PASSED=, I_FAILED=, I_SKIPPED= to the file named by $1 and
# prints "integration: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
TMPD=$(mktemp -d)
export TMPD
trap 'rm -rf "$TMPD"' EXIT
. tests/integration/lib.sh
if ! have_kvm; then
    # A file whose first lines say "# needs: no KVM" runs anyway.
    for f in tests/integration/*.test.sh; do
        if head -n 5 "$f" | grep -q '^# needs: no KVM$'; then
            echo "== $(basename "$f") (needs no KVM)"
            . "$f"
        else
            skip "$(basename "$f" .test.sh)" "/dev/kvm is not usable"
        fi
    done
else
    for f in tests/integration/*.test.sh; do
        echo "== $(basename "$f")"
        . "$f"
    done
fi
echo "integration: $I_PASSED passed, $I_FAILED failed, $I_SKIPPED skipped"
if [ $# -ge 1 ]; then
    printf 'I_PASSED=%s\nI_FAILED=%s\nI_SKIPPED=%s\n' \
        "$I_PASSED" "$I_FAILED" "$I_SKIPPED" >"$1"
fi
[ "$I_FAILED" -eq 0 ]
