# SPDX-License-Identifier: ISC
# tender.mk: build/pinvisor. Module objects are linked directly (never from
# an archive) so that their TND_MODULE descriptors are kept.
# Sorted: modules register their exit hooks in link order (block's sync
# runs after GPIO's safe state because the hooks run in reverse).
TENDER_SRCS = $(sort $(wildcard tender/*.c)) $(sort $(wildcard tender/arch/$(ARCH)/*.c)) \
              $(sort $(wildcard tender/modules/*.c)) $(wildcard tender/gpio/*.c) \
              $(wildcard common/*.c) \
              $(wildcard tender/i2c/*.c) $(wildcard tender/uart/*.c) \
              $(wildcard tender/debug/*.c)
TENDER_OBJS = $(TENDER_SRCS:%.c=$(BUILD)/host/%.o)
TENDER = $(BUILD)/pinvisor
ALL_TARGETS += $(TENDER)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(TENDER): $(TENDER_OBJS)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $(TENDER_LDFLAGS) $^ $(HOST_LDLIBS) -o $@
