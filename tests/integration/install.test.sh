# SPDX-License-Identifier: ISC
# install.test.sh: make install gives a tender, elftool, bindings, headers
# and a pkg-config file that build a unikernel outside the source tree
# (no KVM needed); the installed tender runs it (KVM). The installation
# lives in $B/tests/install so that the test VM finds it.
INST_DIR=${INST_DIR:-$B/tests/install}
install_and_build() {
    rm -rf "$INST_DIR"
    mkdir -p "$INST_DIR"
    inst="$(cd "$INST_DIR" && pwd)/prefix"
    make --no-print-directory -s install PREFIX="$inst" BUILD="$B" \
        >"$INST_DIR/install.log" 2>&1 || { cat "$INST_DIR/install.log"; return 1; }
    for f in bin/pinvisor bin/pinvisor-oci bin/pinvisor-elftool lib/pinvisor/pinvisor.o \
        lib/pinvisor/pinvisor-solo5.o lib/pinvisor/libpvlibc.a \
        lib/pinvisor/pinvisor.lds include/pinvisor/solo5.h \
        include/pinvisor/pinvisor_abi.h lib/pkgconfig/pinvisor.pc; do
        [ -e "$inst/$f" ] || { echo "missing $f"; return 1; }
    done
    export PKG_CONFIG_PATH="$inst/lib/pkgconfig"
    w="$INST_DIR/app"
    mkdir -p "$w"
    "$inst/bin/pinvisor-elftool" gen-manifest examples/hello/manifest.json \
        "$w/manifest.c" || return 1
    # shellcheck disable=SC2046
    cc $(pkg-config --cflags pinvisor) -c examples/hello/hello.c \
        -o "$w/hello.o" || return 1
    # shellcheck disable=SC2046
    cc $(pkg-config --cflags pinvisor) -c "$w/manifest.c" \
        -o "$w/manifest.o" || return 1
    # shellcheck disable=SC2046
    cc "$w/hello.o" "$w/manifest.o" $(pkg-config --libs pinvisor) \
        -o "$w/hello.hvt" || return 1
}
if command -v pkg-config >/dev/null; then
    nokvm check "install: installed tools, bindings and pkg-config build hello" \
        install_and_build
else
    nokvm case_skip "install: installed tools, bindings and pkg-config build hello" \
        "pkg-config is not installed"
fi
# Made by the case above, in this run or in the run on the host. The
# install is this machine's (x86_64) build, so it is not one of the arm64
# VM's cases.
if [ "${VM_ARCH:-x86_64}" != aarch64 ]; then
    expect "install: the installed tender runs the hello built out of tree" 0 \
        --out '^My command line: installed$' \
        -- "$INST_DIR/prefix/bin/pinvisor" "$INST_DIR/app/hello.hvt" installed
fi
