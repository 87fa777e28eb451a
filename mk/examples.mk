# SPDX-License-Identifier: ISC
# examples.mk: build/examples/NAME.hvt for every examples/NAME/ folder.
EXAMPLES = $(notdir $(patsubst %/,%,$(dir $(wildcard examples/*/manifest.json))))
EXAMPLE_HVTS = $(EXAMPLES:%=$(BUILD)/examples/%.hvt)
ALL_TARGETS += $(EXAMPLE_HVTS)
$(foreach e,$(EXAMPLES),$(eval $(call unikernel,$(BUILD)/examples/$(e).hvt,examples/$(e),native)))
