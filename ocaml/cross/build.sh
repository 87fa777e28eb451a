#!/bin/sh
# SPDX-License-Identifier: ISC
# build.sh: builds an OCaml 4.13.1 cross compiler that runs on this
# machine and compiles for TRIPLET (aarch64-linux-gnu), from Debian's
# ocaml-source with pinvisor's patches (the sources of the guest runtime,
# ocaml/runtime/prepare.sh), and with it the standard library, Lwt's
# core (from the sources Debian installs beside its lwt) and the runtime
# for Linux processes of TRIPLET (the test programs that are compared
# with unikernels). Debian 12 has no such compiler (docs/ocaml.md).
#
#   build.sh SOURCE_TAR TRIPLET OUTDIR
#
# OUTDIR gets bin/ocamlopt (the compiler, with its standard library
# found through OCAMLLIB), lib/ocaml/ (the standard library and
# libasmrun.a), lib/lwt/, lib/threads/META (which ocamlfind reads) and
# findlib.conf, for OCAMLFIND_CONF. The
# building compiler is Debian's native OCaml 4.13.1 (ocaml-nox): the
# compiler's own code is compiled by ocamlopt.opt, so the cross compiler
# is a native program; the standard library is compiled by the cross
# compiler itself. OUTDIR is replaced only when everything succeeded;
# the log of each step is OUTDIR.log.
set -eu
# Called from make (mk/ocaml.mk), whose command-line variables, ARCH
# among them, would override the OCaml build's own: it starts afresh.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL ARCH
tar_file=$1 triplet=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
log=$out.log
work=$out.tmp
rm -rf "$work" "$log"
mkdir -p "$work/bin" "$work/lib/ocaml" "$work/lib/lwt"
work=$(cd "$work" && pwd)

step() {
    echo "== $*" >>"$log"
    "$@" >>"$log" 2>&1 || {
        echo "cross: failed: $*" >&2
        tail -n 20 "$log" >&2
        exit 1
    }
}

# The native OCaml that builds the compiler must be the same version.
want=$(tar -tf "$tar_file" | sed -n 's|.*/ocaml_\(.*\)\.orig\.tar\.gz$|\1|p')
have=$(ocamlopt.opt -version)
[ "$have" = "$want" ] || {
    echo "cross: Debian's ocamlopt.opt is $have, the sources $want" >&2
    exit 1
}

step "$here/../runtime/prepare.sh" "$tar_file" "$work/src"
src=$work/src/ocaml
cd "$src"
# --host is the machine the compiled programs run on (OCaml 4.13's
# configure takes the code generator from it).
step ./configure --build="$(uname -m)-pc-linux-gnu" --host="$triplet" \
    --prefix="$work" --disable-shared --disable-debugger \
    --disable-ocamldoc --disable-ocamltest --disable-instrumented-runtime \
    --disable-debug-runtime --disable-stdlib-manpages
# Tools run during the build: for this machine, not for TRIPLET.
step cc -O2 -Iruntime -o runtime/sak runtime/sak.c
native="OCAMLRUN=ocamlrun NEW_OCAMLRUN=ocamlrun OCAMLLEX=ocamllex"
# shellcheck disable=SC2086
step make $native CAMLC="ocamlc.opt -g" CAMLOPT="ocamlopt.opt -g" \
    ocamlopt.opt
step make -C stdlib allopt OCAMLRUN= CAMLC="$(command -v ocamlc.opt)" \
    OPTCOMPILER="$src/ocamlopt.opt" CAMLOPT="$src/ocamlopt.opt"
step make -C runtime libasmrun.a
cp ocamlopt.opt "$work/bin/"
cp stdlib/*.cmi stdlib/*.cmx stdlib/*.cmxa stdlib/*.a stdlib/std_exit.o \
    stdlib/*.mli runtime/libasmrun.a "$work/lib/ocaml/"
mkdir -p "$work/lib/ocaml/caml"
cp runtime/caml/*.h "$work/lib/ocaml/caml/"
cat >"$work/bin/ocamlopt" <<'EOF'
#!/bin/sh
# The cross compiler (ocaml/cross/build.sh), with its standard library.
d=$(cd "$(dirname "$0")/.." && pwd)
OCAMLLIB=$d/lib/ocaml exec "$d/bin/ocamlopt.opt" "$@"
EOF
chmod +x "$work/bin/ocamlopt"
ocamlopt=$work/bin/ocamlopt

# Lwt's core, from the sources of Debian's lwt, in its archive's order.
lwt=$(ocamlfind query lwt)
cd "$work/lib/lwt"
units=$(ocamlobjinfo "$lwt/lwt.cmxa" | sed -n 's/^Name: //p')
cmxs=""
for u in $units; do
    m=$(echo "$u" | sed 's/^./\L&/')
    cp "$lwt/$m.ml" .
    [ -r "$lwt/$m.mli" ] && cp "$lwt/$m.mli" . &&
        step "$ocamlopt" -g -w -a -c "$m.mli"
    step "$ocamlopt" -g -w -a -c "$m.ml"
    cmxs="$cmxs $m.cmx"
done
# shellcheck disable=SC2086
step "$ocamlopt" -a -o lwt.cmxa $cmxs
cat >META <<EOF
version = "$(sed -n 's/^version = "\(.*\)"$/\1/p' "$lwt/META" | head -n 1)"
description = "Lwt's core, cross-compiled from Debian's sources"
archive(native) = "lwt.cmxa"
EOF

# ocamlfind reads the threads package's type of threads on every call.
mkdir -p "$work/lib/threads"
cat >"$work/lib/threads/META" <<EOF
version = "[distributed with Ocaml]"
description = "Threads: not available in unikernels"
type_of_threads = "posix"
requires(mt,mt_posix) = "threads.posix"
package "posix" (
  version = "[internal]"
  error = "threads are not available in pinvisor unikernels"
)
EOF

cat >"$work/findlib.conf" <<EOF
path="$out/lib"
destdir="$out/lib"
stdlib="$out/lib/ocaml"
ocamlopt="$out/bin/ocamlopt"
ldconf="ignore"
EOF
cd "$work"
rm -rf "$work/src"
rm -rf "$out"
mv "$work" "$out"
echo "cross: $("$out/bin/ocamlopt" -version) for $triplet in $out" >>"$log"
