#!/bin/sh
# SPDX-License-Identifier: ISC
# prepare.sh: unpacks Debian's OCaml sources (package ocaml-source) and
# applies Debian's patches, then pinvisor's own (ocaml/runtime/patches/,
# in name order: changes to the runtime for unikernels, each explained in
# its header and in docs/ocaml.md), for building the guest runtime
# (mk/ocaml.mk).
#
#   prepare.sh SOURCE_TAR OUTDIR
#
# Leaves the patched tree in OUTDIR/ocaml and its generated
# runtime/caml/version.h.
set -eu
tar_file=$1 out=$2
[ -r "$tar_file" ] || {
    echo "prepare: $tar_file: not found (Debian package ocaml-source)" >&2
    exit 1
}
rm -rf "$out"
mkdir -p "$out"
tar -xf "$tar_file" -C "$out"
top=$(cd "$out" && ls -d ocaml-*)
orig=$(ls "$out/$top"/ocaml_*.orig.tar.gz)
mkdir -p "$out/ocaml"
tar -xzf "$orig" -C "$out/ocaml" --strip-components=1
for p in $(cat "$out/$top/debian-patches/series"); do
    patch -s -p1 -d "$out/ocaml" <"$out/$top/debian-patches/$p"
done
for p in "$(dirname "$0")"/patches/*.patch; do
    patch -s -p1 -d "$out/ocaml" <"$p"
done
(cd "$out/ocaml" && sh tools/make-version-header.sh VERSION \
    >runtime/caml/version.h)
