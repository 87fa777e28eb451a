# SPDX-License-Identifier: ISC
# guest.mk: the bindings (one relocatable object per mode with only the
# public API global; they carry their own small string and printf code)
# and the rule that links a unikernel. The C library is mk/libc.mk.
# The runtime checks asynchronous GPIO ring requests with the tender's
# own rules (common/gpio_validate.c, freestanding).
RT_SRCS = $(filter-out guest/native_note.c,$(wildcard guest/*.c)) \
          common/gpio_validate.c
RT_OBJS = $(RT_SRCS:%.c=$(BUILD)/guest/rt/%.o)
BINDINGS = $(BUILD)/guest/pinvisor.o
BINDINGS_SOLO5 = $(BUILD)/guest/pinvisor-solo5.o
ALL_TARGETS += $(BINDINGS) $(BINDINGS_SOLO5)
KEEP_SYMS = -G 'solo5_*' -G _start -G __stack_chk_guard -G __stack_chk_fail

$(BUILD)/guest/rt/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,GUEST_CC,$<)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_NOFPU) \
	    -Iguest -c $< -o $@

$(BINDINGS): $(RT_OBJS) $(BUILD)/guest/rt/guest/native_note.o
	$(call say,LD,$@)$(GUEST_LD) -r $^ -o $@.tmp && \
	    $(GUEST_OBJCOPY) -w $(KEEP_SYMS) $@.tmp $@ && rm -f $@.tmp

$(BINDINGS_SOLO5): $(RT_OBJS)
	$(call say,LD,$@)$(GUEST_LD) -r $^ -o $@.tmp && \
	    $(GUEST_OBJCOPY) -w $(KEEP_SYMS) $@.tmp $@ && rm -f $@.tmp

# $(call unikernel,OUT,SRCDIR,MODE): links OUT (a .hvt) from every .c in
# SRCDIR plus SRCDIR/manifest.json; MODE is native or solo5.
define unikernel
$(1): $(patsubst $(2)/%.c,$(1:.hvt=)/%.o,$(wildcard $(2)/*.c)) \
      $(1:.hvt=)/manifest.o $(if $(filter solo5,$(3)),$(BINDINGS_SOLO5),$(BINDINGS)) \
      $(LIBPVLIBC) guest/pinvisor.lds
	$$(call say,LD,$$@)$$(GUEST_CC) $$(GUEST_LDFLAGS) \
	    $$(filter %.o %.a,$$^) -lgcc -o $$@
$(1:.hvt=)/%.o: $(2)/%.c
	@mkdir -p $$(dir $$@)
	$$(call say,GUEST_CC,$$<)$$(GUEST_CC) $$(GUEST_CFLAGS) \
	    $$(GUEST_LIBC_INC) -I$(2) -c $$< -o $$@
$(1:.hvt=)/manifest.c: $(2)/manifest.json $$(MFT_TOOL)
	@mkdir -p $$(dir $$@)
	$$(call say,MFT,$$<)$$(MFT_TOOL) gen-manifest $$< $$@
$(1:.hvt=)/manifest.o: $(1:.hvt=)/manifest.c
	$$(call say,GUEST_CC,$$<)$$(GUEST_CC) $$(GUEST_CFLAGS) \
	    $$(GUEST_NOFPU) -c $$< -o $$@
endef
