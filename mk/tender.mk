# SPDX-License-Identifier: ISC
# tender.mk: build/pinvisor. Module objects are linked directly (never from
# an archive) so that their TND_MODULE descriptors are kept.
TENDER_SRCS = $(wildcard tender/*.c) $(wildcard tender/arch/$(ARCH)/*.c) \
              $(wildcard tender/modules/*.c) $(wildcard tender/gpio/*.c) \
              $(wildcard tender/debug/*.c)
TENDER_OBJS = $(TENDER_SRCS:%.c=$(BUILD)/host/%.o)
TENDER = $(BUILD)/pinvisor
ALL_TARGETS += $(TENDER)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(TENDER): $(TENDER_OBJS)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $(TENDER_LDFLAGS) $^ $(HOST_LDLIBS) -o $@
