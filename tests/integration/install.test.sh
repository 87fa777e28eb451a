# install.test.sh: make install gives a tender, elftool, bindings, headers
# and a pkg-config file that build a unikernel outside the source tree.
install_and_build() {
    inst="$TMPD/inst"
    make --no-print-directory -s install PREFIX="$inst" BUILD="$B" \
        >"$TMPD/install.log" 2>&1 || { cat "$TMPD/install.log"; return 1; }
    for f in bin/pinvisor bin/pinvisor-elftool lib/pinvisor/pinvisor.o \
        lib/pinvisor/pinvisor-solo5.o lib/pinvisor/libpvlibc.a \
        lib/pinvisor/pinvisor.lds include/pinvisor/solo5.h \
        include/pinvisor/pinvisor_abi.h lib/pkgconfig/pinvisor.pc; do
        [ -e "$inst/$f" ] || { echo "missing $f"; return 1; }
    done
    export PKG_CONFIG_PATH="$inst/lib/pkgconfig"
    w="$TMPD/app"
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
    out=$("$inst/bin/pinvisor" "$w/hello.hvt" installed 2>&1) ||
        { echo "$out"; return 1; }
    echo "$out" | grep -q '^My command line: installed$' || { echo "$out"; return 1; }
}
if command -v pkg-config >/dev/null; then
    check "install: installed tools, bindings and pkg-config build and run hello" \
        install_and_build
else
    skip "install" "pkg-config is not installed"
fi
