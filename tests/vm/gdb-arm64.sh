#!/bin/sh
# SPDX-License-Identifier: ISC
# gdb-arm64.sh: Debian's arm64 gdb for the arm64 test VM, which has no
# host root (tests/vm/boot.sh): gdb:arm64 and every library it needs,
# downloaded with apt-get and unpacked (never installed) into
# $BUILD/vm/gdb-arm64/root, with a wrapper $BUILD/vm/gdb-arm64/gdb that
# runs it through the unpacked dynamic loader. tests/vm/prepare.sh calls
# it for the arm64 VM; tests/integration/gdb.test.sh uses the wrapper.
# Made again when gdb's candidate version or this script change.
#
#   tests/vm/gdb-arm64.sh      prints the wrapper's path
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
say() { echo "vm-gdb: $*" >&2; }
die() { echo "vm-gdb: $*" >&2; exit 1; }

mkdir -p "$B/vm"
out=$(cd "$B/vm" && pwd)/gdb-arm64
ver=$(apt-cache policy gdb:arm64 | sed -n 's/^ *Candidate: //p')
[ -n "$ver" ] || die "no version known for gdb:arm64 (dpkg --add-architecture arm64?)"
stamp="$ver-$(sha256sum <"$0" | cut -c1-16)"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ]; then
    echo "$out/gdb"
    exit 0
fi
say "gdb:arm64 $ver and its libraries"
rm -rf "$out"
mkdir -p "$out/debs" "$out/root"
# Every arm64 package gdb depends on, but the package tools'.
pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances gdb:arm64 |
    grep -v '^ ' | grep ':arm64$' |
    grep -Ev '^(dpkg|tar|install-info|perl.*|debconf|ucf):arm64$' | sort -u)
# shellcheck disable=SC2086
(cd "$out/debs" && apt-get download -q $pkgs >"$out/apt.log" 2>&1) ||
    die "apt-get download failed: $(tail -n 2 "$out/apt.log")"
for d in "$out"/debs/*.deb; do
    dpkg-deb -x "$d" "$out/root"
done
rm -rf "$out/debs" "$out/root/usr/share/doc" "$out/root/usr/share/man" \
    "$out/root/usr/share/locale"
[ -x "$out/root/usr/bin/gdb" ] || die "no usr/bin/gdb in the packages"
cat >"$out/gdb" <<'WRAP'
#!/bin/sh
# Debian's arm64 gdb, unpacked by tests/vm/gdb-arm64.sh; arguments as gdb's.
R=$(cd "$(dirname "$0")" && pwd)/root
L=$R/lib/aarch64-linux-gnu:$R/usr/lib/aarch64-linux-gnu
export PYTHONHOME=$R/usr GCONV_PATH=$R/usr/lib/aarch64-linux-gnu/gconv
exec "$R/lib/ld-linux-aarch64.so.1" --library-path "$L" "$R/usr/bin/gdb" \
    --data-directory="$R/usr/share/gdb" "$@"
WRAP
chmod 755 "$out/gdb"
echo "$stamp" >"$out/stamp"
echo "$out/gdb"
