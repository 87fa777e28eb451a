# SPDX-License-Identifier: ISC
# libc.mk: the guest C library, build/guest/libpvlibc.a (docs/libc.md):
# pinvisor's glue (guest/libc/*.c, *.S) plus the members of Debian's musl
# libc.a that musl_import.sh selects, checks and rewrites. Applications
# compile against musl's headers (GUEST_LIBC_INC).
MUSL_TRIPLE = $(ARCH)-linux-musl
MUSL_LIBC = /usr/lib/$(MUSL_TRIPLE)/libc.a
MUSL_INC = /usr/include/$(MUSL_TRIPLE)
GUEST_LIBC_INC = -isystem $(MUSL_INC)
LIBC_SRCS = $(wildcard guest/libc/*.c) $(wildcard guest/libc/*.S)
LIBC_OBJS = $(patsubst %,$(BUILD)/guest/libc/%.o,$(basename $(notdir $(LIBC_SRCS))))
LIBC_MUSL = $(BUILD)/guest/libc/musl
SSP_REWRITE = $(BUILD)/host/ssp_rewrite
LIBPVLIBC = $(BUILD)/guest/libpvlibc.a
ALL_TARGETS += $(LIBPVLIBC)

$(BUILD)/guest/libc/%.o: guest/libc/%.c
	@mkdir -p $(dir $@)
	$(call say,GUEST_CC,$<)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LIBC_INC) \
	    -D_GNU_SOURCE -c $< -o $@
$(BUILD)/guest/libc/%.o: guest/libc/%.S
	@mkdir -p $(dir $@)
	$(call say,GUEST_AS,$<)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@
$(LIBC_OBJS): $(MUSL_INC)/stdio.h
$(MUSL_INC)/stdio.h $(MUSL_LIBC):
	@echo "libc: $@ missing: install Debian's musl-dev$(if $(CROSS),:arm64) (make deps)" >&2; exit 1

# A build tool: it runs here, whatever ARCH is.
$(SSP_REWRITE): guest/libc/import/ssp_rewrite.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(BUILD_CC) -O2 -std=c11 -D_GNU_SOURCE $(WARN) $< -o $@

$(LIBC_MUSL)/members.txt: guest/libc/import/musl_import.sh \
    guest/libc/import/musl.syms guest/libc/import/musl.rename \
    $(SSP_REWRITE) $(LIBC_OBJS) $(MUSL_LIBC)
	$(call say,IMPORT,$(MUSL_LIBC))OBJCOPY=$(GUEST_OBJCOPY) \
	    guest/libc/import/musl_import.sh \
	    $(MUSL_LIBC) $(LIBC_MUSL) $(SSP_REWRITE) $(CROSS)objdump \
	    $$($(GUEST_CC) -print-libgcc-file-name) $(LIBC_OBJS)

$(LIBPVLIBC): $(LIBC_OBJS) $(LIBC_MUSL)/members.txt
	$(call say,AR,$@)rm -f $@ && $(GUEST_AR) rcs $@ $(LIBC_OBJS) \
	    $$(sed 's|^|$(LIBC_MUSL)/obj/|' $(LIBC_MUSL)/members.txt)

# The host test of the library (tests/libc/): every symbol of
# libpvlibc.a renamed to pvt_NAME, so that it links beside glibc. Only
# where the library's architecture is this machine's.
ifeq ($(ARCH),$(BUILD_ARCH))
LIBC_TEST_BIN = $(BUILD)/tests/libc-tests
$(BUILD)/tests/libpvlibc-host.a: $(LIBPVLIBC)
	@mkdir -p $(dir $@)
	$(call say,OBJCOPY,$@){ nm -g --defined-only $< 2>/dev/null | \
	    awk 'NF == 3 { print $$3 }'; nm -u $< 2>/dev/null | \
	    awk 'NF == 2 { print $$2 }'; } | grep -v '^_GLOBAL_OFFSET_TABLE_$$' | \
	    sort -u | awk '{ print $$1 " pvt_" $$1 }' >$@.syms && \
	    objcopy --redefine-syms=$@.syms $< $@
$(LIBC_TEST_BIN): tests/libc/test_libc.c $(BUILD)/tests/libpvlibc-host.a
	$(call say,CC,$<)$(HOST_CC) -O2 -g -std=c11 -D_GNU_SOURCE $(WARN) \
	    -fno-builtin -no-pie $< $(BUILD)/tests/libpvlibc-host.a \
	    -lcriterion -lm -o $@
tests-build: $(LIBC_TEST_BIN)

# The libc_float guest's source as a Linux program: glibc's digits.
$(BUILD)/tests/libc_float.host: tests/guests/libc_float/libc_float.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) -O2 -std=c11 -D_GNU_SOURCE -DPV_HOST $(WARN) \
	    $< -lm -o $@
tests-build: $(BUILD)/tests/libc_float.host
endif
