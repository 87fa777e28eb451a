# SPDX-License-Identifier: ISC
# fuzz.mk: libFuzzer targets (fuzz/) built with Debian's clang, with
# AddressSanitizer and UndefinedBehaviorSanitizer, in $(BUILD)/fuzz.
#   make fuzz-build                  build every target
#   make fuzz [FUZZ_RUNS=N] [FUZZ_TARGETS="elf json"]
#                                    long runs (docs/security.md)
# make test runs each target briefly on its corpus (tests/hardening.sh).
FUZZ_CC ?= clang
FUZZ_DIR = $(BUILD)/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) \
    -fsanitize=fuzzer-no-link -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP \
    -Iinclude
FUZZ_TARGETS ?= elf options stimulus validate ring json i2c_sim i2c_ring uart_sim gdb
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,FUZZ_CC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

fobj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))
FUZZ_TENDER = $(filter-out tender/main.c,$(TENDER_SRCS))
FUZZ_LINK = $(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer

$(FUZZ_DIR)/fuzz_elf: $(call fobj,fuzz/fuzz_elf.c tender/elf.c tender/mft.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_stimulus: $(call fobj,fuzz/fuzz_stimulus.c \
                                  tender/gpio/stimulus.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_i2c_sim: $(call fobj,fuzz/fuzz_i2c_sim.c tender/i2c/sim.c \
                                 tender/i2c/grant.c tender/args.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_uart_sim: $(call fobj,fuzz/fuzz_uart_sim.c tender/uart/sim.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_validate: $(call fobj,fuzz/fuzz_validate.c \
                                  common/gpio_validate.c \
                                  tender/uart/validate.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_gdb: $(call fobj,fuzz/fuzz_gdb.c tender/debug/gdb_proto.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
$(FUZZ_DIR)/fuzz_json: $(call fobj,fuzz/fuzz_json.c elftool/json.c \
                              elftool/manifest.c)
	$(call say,LD,$@)$(FUZZ_LINK) $^ -o $@
# The module sources are built in with a reset of their option state;
# the I2C module is left out (its options are then unknown ones).
$(FUZZ_DIR)/fuzz_options: $(call fobj,fuzz/fuzz_options.c fuzz/opt_block.c \
    fuzz/opt_net.c fuzz/opt_gpio.c fuzz/opt_uart.c \
    $(filter-out tender/modules/mod_block.c \
    tender/modules/mod_net.c tender/modules/mod_gpio.c \
    tender/modules/mod_uart.c tender/modules/mod_i2c.c,$(FUZZ_TENDER)))
	$(call say,LD,$@)$(FUZZ_LINK) -Wl,--wrap=_exit $^ $(HOST_LDLIBS) -o $@
# The ring server and the service layer are built into the target.
$(FUZZ_DIR)/fuzz_ring: $(call fobj,fuzz/fuzz_ring.c $(filter-out \
    tender/gpio/ring.c tender/gpio/service.c,$(FUZZ_TENDER)))
	$(call say,LD,$@)$(FUZZ_LINK) $^ $(HOST_LDLIBS) -o $@
# The I2C module is built into the target (its run() serves the slots).
$(FUZZ_DIR)/fuzz_i2c_ring: $(call fobj,fuzz/fuzz_i2c_ring.c $(filter-out \
    tender/modules/mod_i2c.c,$(FUZZ_TENDER)))
	$(call say,LD,$@)$(FUZZ_LINK) $^ $(HOST_LDLIBS) -o $@

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)BUILD=$(BUILD) scripts/fuzz.sh long $(FUZZ_RUNS) $(FUZZ_TARGETS)
