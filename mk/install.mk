# SPDX-License-Identifier: ISC
# install.mk: make install PREFIX=/usr/local [DESTDIR=...]
#   bin/pinvisor, bin/pinvisor-oci (beside it: it runs ./pinvisor),
#   bin/pinvisor-elftool
#   lib/pinvisor/{pinvisor.o,pinvisor-solo5.o,libpvlibc.a,pinvisor.lds}
#   include/pinvisor/{solo5.h,pinvisor_abi.h,pvlibc.h}
#   lib/pkgconfig/pinvisor.pc   (native mode; solo5_bindings= for Solo5)
#   SOLO5_HVT_ALIAS=yes: also bin/solo5-hvt, a link to pinvisor (urunc,
#   Albatross; docs/fleet.md)
.PHONY: install
INST = $(DESTDIR)$(PREFIX)
GUEST_INCLUDE = $(shell $(GUEST_CC) -print-file-name=include)
install: all
	install -d $(INST)/bin $(INST)/lib/pinvisor $(INST)/include/pinvisor \
	    $(INST)/lib/pkgconfig
	install -m 755 $(TENDER) $(OCI) $(ELFTOOL) $(INST)/bin/
	$(if $(filter yes,$(SOLO5_HVT_ALIAS)),ln -sf pinvisor $(INST)/bin/solo5-hvt)
	install -m 644 $(BINDINGS) $(BINDINGS_SOLO5) $(LIBPVLIBC) \
	    guest/pinvisor.lds $(INST)/lib/pinvisor/
	install -m 644 include/solo5.h include/pinvisor_abi.h \
	    guest/libc/pvlibc.h $(INST)/include/pinvisor/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@GUEST_INCLUDE@|$(GUEST_INCLUDE)|' \
	    -e 's|@GUEST_ARCH_CFLAGS@|$(GUEST_ARCH_CFLAGS)|' \
	    -e 's|@MUSL_INCLUDE@|$(MUSL_INC)|' \
	    scripts/pinvisor.pc.in >$(INST)/lib/pkgconfig/pinvisor.pc
