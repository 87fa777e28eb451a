# SPDX-License-Identifier: ISC
# tests.mk: unit tests (Criterion, host only) and the integration test
# unikernels. Every tests/guests/NAME/ folder gives build/tests/guests/
# NAME.hvt (native mode) and NAME.solo5.hvt (Solo5 mode); a MODES file in
# the folder can restrict that to "native" or "solo5".
UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:%.c=$(BUILD)/host/%.o)
# Everything of the tender except main(), linked into the test binary.
UNIT_DEPS = $(filter-out $(BUILD)/host/tender/main.o,$(TENDER_OBJS)) \
            $(BUILD)/host/elftool/json.o $(BUILD)/host/elftool/manifest.o \
            $(BUILD)/host/oci/translate.o $(BUILD)/host/oci/signals.o \
            $(BUILD)/host/oci/cgroup.o $(BUILD)/host/oci/spec.o \
            $(BUILD)/host/oci/rootfs.o
UNIT_BIN = $(BUILD)/tests/unit-tests

$(UNIT_BIN): $(UNIT_OBJS) $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $^ -lcriterion \
	    $(HOST_LDLIBS) -ljson-c -o $@

TEST_GUESTS = $(notdir $(patsubst %/,%,$(dir $(wildcard tests/guests/*/manifest.json))))
guest_modes = $(if $(wildcard tests/guests/$(1)/MODES),$(shell cat tests/guests/$(1)/MODES),native solo5)
TEST_HVTS =
$(foreach g,$(TEST_GUESTS),\
  $(if $(filter native,$(call guest_modes,$(g))),\
    $(eval TEST_HVTS += $(BUILD)/tests/guests/$(g).hvt)\
    $(eval $(call unikernel,$(BUILD)/tests/guests/$(g).hvt,tests/guests/$(g),native)))\
  $(if $(filter solo5,$(call guest_modes,$(g))),\
    $(eval TEST_HVTS += $(BUILD)/tests/guests/$(g).solo5.hvt)\
    $(eval $(call unikernel,$(BUILD)/tests/guests/$(g).solo5.hvt,tests/guests/$(g),solo5))))

.PHONY: tests-build
tests-build: $(TEST_HVTS)
# The unit tests run on the build machine only; a cross build (ARCH=
# aarch64 on x86_64) makes every test unikernel part of `make`.
ifeq ($(CROSS),)
tests-build: $(UNIT_BIN)
else
ALL_TARGETS += $(TEST_HVTS) $(BUILD)/tests/tools/pty-peer \
               $(BUILD)/tests/tools/gdb-stall
endif

# Tests build argv-style arrays from string literals.
$(UNIT_OBJS): override HOST_CFLAGS += -Wno-write-strings \
    $(if $(HOST_CC_IS_CLANG),-Wno-incompatible-pointer-types-discards-qualifiers,-Wno-discarded-qualifiers)

# Small host programs the integration tests use.
TEST_TOOLS = $(BUILD)/tests/tools/with-tap $(BUILD)/tests/tools/kvm-probe \
             $(BUILD)/tests/tools/pty-peer $(BUILD)/tests/tools/gdb-stall
$(BUILD)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< -o $@
tests-build: $(TEST_TOOLS)
