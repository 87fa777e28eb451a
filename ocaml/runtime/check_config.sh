#!/bin/sh
# SPDX-License-Identifier: ISC
# check_config.sh: refuses to build the guest runtime if Debian's ocamlopt
# is not the compiler ocaml/runtime/caml/m.h describes (version 4.13.1, flat
# float arrays, safe strings, function sections, no flambda), since its
# stdlib and the programs it compiles are linked with this runtime.
#
#   check_config.sh OCAMLOPT
set -eu
cfg=$("$1" -config) || {
    echo "check_config: $1 not found (Debian package ocaml-nox)" >&2
    exit 1
}
for want in "version: 4.13.1" "flat_float_array: true" \
    "safe_string: true" "flambda: false" "function_sections: true"; do
    echo "$cfg" | grep -qx "$want" || {
        echo "check_config: $1 -config lacks '$want'" >&2
        exit 1
    }
done
