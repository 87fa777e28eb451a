# SPDX-License-Identifier: ISC
# bench.mk: the benchmark unikernels and host tools (bench/); make bench
# runs them. They are not part of make test: figures are not pass/fail.
BENCH_HVTS = $(BUILD)/bench/bench_gpio.hvt $(BUILD)/bench/blink.solo5.hvt \
    $(BUILD)/bench/bench_toggle.hvt $(BUILD)/bench/bench_i2c.hvt
BENCH_TOOLS = $(BUILD)/bench/runtimes $(BUILD)/bench/native_hello \
    $(BUILD)/bench/gpio_native $(BUILD)/bench/spawn $(BUILD)/bench/i2c_native \
    $(BUILD)/bench/handoff
$(eval $(call unikernel,$(BUILD)/bench/bench_gpio.hvt,bench/gpio/guest,native))
$(eval $(call unikernel,$(BUILD)/bench/blink.solo5.hvt,examples/blink,solo5))
$(eval $(call unikernel,$(BUILD)/bench/bench_toggle.hvt,bench/scale/guest,native))
$(eval $(call unikernel,$(BUILD)/bench/bench_i2c.hvt,bench/i2c/guest,native))
ifneq ($(CROSS),)
ALL_TARGETS += $(BENCH_HVTS)
endif

$(BUILD)/bench/runtimes: bench/boot/runtimes.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< -o $@
# The native floor: a Linux process that prints a greeting, linked like
# the tender (statically) so both pay the same start-up costs.
$(BUILD)/bench/native_hello: bench/boot/native_hello.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) \
	    $(TENDER_LDFLAGS) $< -o $@

# The GPIO floor: uAPI v2 ioctls from a plain process, static like the
# tender.
$(BUILD)/bench/gpio_native: bench/native/gpio_native.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) \
	    $(TENDER_LDFLAGS) $< -o $@
# The I2C floor: the i2c-dev SMBus calls from a plain process, static
# like the tender.
$(BUILD)/bench/handoff: bench/native/handoff.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) \
	    $(TENDER_LDFLAGS) $< -o $@ -lpthread

$(BUILD)/bench/i2c_native: bench/i2c/i2c_native.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) \
	    $(TENDER_LDFLAGS) $< -o $@
$(BUILD)/bench/spawn: bench/scale/spawn.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< -o $@

.PHONY: bench bench-build
bench-build: all $(BENCH_HVTS) $(BENCH_TOOLS)
bench: deps
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory bench-build $(BUILD)/tests/tools/kvm-probe
	$(Q)bench/run.sh
