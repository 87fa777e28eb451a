# SPDX-License-Identifier: ISC
# elftool.mk: build/pinvisor-elftool, which reuses the tender's ELF and
# manifest validation. MFT_TOOL is the elftool that runs during the build
# (gen-manifest): the same one, or in a cross build one built for this
# machine with BUILD_CC.
ELFTOOL_SRCS = elftool/main.c elftool/json.c elftool/manifest.c \
               tender/elf.c tender/mft.c
ELFTOOL_OBJS = $(ELFTOOL_SRCS:%.c=$(BUILD)/host/%.o)
ELFTOOL = $(BUILD)/pinvisor-elftool
ALL_TARGETS += $(ELFTOOL)

$(ELFTOOL): $(ELFTOOL_OBJS)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $(if $(CROSS),-static) $^ -o $@

ifeq ($(CROSS),)
MFT_TOOL = $(ELFTOOL)
else
MFT_TOOL = $(BUILD)/build-tools/pinvisor-elftool
MFT_TOOL_OBJS = $(ELFTOOL_SRCS:%.c=$(BUILD)/build-tools/%.o)
$(BUILD)/build-tools/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,BUILD_CC,$<)$(BUILD_CC) $(HOST_CFLAGS) -c $< -o $@
$(MFT_TOOL): $(MFT_TOOL_OBJS)
	$(call say,LD,$@)$(BUILD_CC) $^ -o $@
endif
