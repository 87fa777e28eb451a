# elftool.mk: build/pinvisor-elftool, which reuses the tender's ELF and
# manifest validation.
ELFTOOL_OBJS = $(BUILD)/host/elftool/main.o $(BUILD)/host/elftool/json.o \
               $(BUILD)/host/elftool/manifest.o \
               $(BUILD)/host/tender/elf.o $(BUILD)/host/tender/mft.o
ELFTOOL = $(BUILD)/pinvisor-elftool
ALL_TARGETS += $(ELFTOOL)

$(ELFTOOL): $(ELFTOOL_OBJS)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@
