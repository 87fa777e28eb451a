# SPDX-License-Identifier: ISC
# pinvisor: non-recursive GNU make build (docs/architecture.md).
#
#   make            build the tender, elftool, bindings, examples
#   make demo       install missing packages, build, run the main demo
#   make test       install missing packages, build, run every test
#                   (TEST_VM=yes: KVM cases in the test VM even with KVM;
#                   KERNELS=all: the test VMs' 6.12 and 6.12-16k lanes
#                   too, docs/testing.md)
#   make vm-shell   a root shell inside the test VM
#   make bench      run the benchmarks (bench/)
#   make install PREFIX=/usr/local
#   make format     reformat with clang-format; make format-check
#   V=1             show the commands
.DEFAULT_GOAL := all
# A recipe that fails must not leave a half-written target behind (a
# truncated generated manifest.c would break the next build).
.DELETE_ON_ERROR:

include mk/config.mk
# A build on a machine without the Debian packages it needs stops at once
# with one line naming them and the command that installs them; the
# targets that install them themselves (deps, test, demo, vm-shell,
# bench, fuzz) and clean are not held up.
DEPS_SETS = base $(if $(CROSS),aarch64)
ifeq ($(filter deps test demo vm-shell bench fuzz clean,$(MAKECMDGOALS)),)
DEPS_MISSING := $(shell scripts/deps.sh --check $(DEPS_SETS))
ifneq ($(DEPS_MISSING),)
$(error $(DEPS_MISSING))
endif
endif
include mk/tender.mk
include mk/oci.mk
include mk/guest.mk
include mk/libc.mk
# elftool before ocaml: ocaml.mk's rules name $(ELFTOOL) as a prerequisite.
include mk/elftool.mk
include mk/ocaml.mk
include mk/examples.mk
include mk/tests.mk
include mk/bench.mk
include mk/install.mk
include mk/fuzz.mk

.PHONY: all clean deps demo test vm-shell format format-check
all: $(ALL_TARGETS)

deps:
	$(Q)$(foreach s,$(DEPS_SETS),scripts/deps.sh $(s) &&) true

demo: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/tests/tools/kvm-probe
	$(Q)scripts/demo.sh

# A shell as root in the test VM (tests/vm/), in the checkout; exit ends it.
vm-shell: deps
	$(Q)$(MAKE) --no-print-directory all tests-build
	$(Q)tests/vm/boot.sh --interactive -- bash -i

test: deps
	$(Q)$(MAKE) --no-print-directory all tests-build
	$(Q)tests/run.sh

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD)

# Dependency files of this build only (build/ also holds build/aarch64/).
-include $(shell find $(BUILD) \( -path '$(BUILD)/aarch64' -o \
    -path '$(BUILD)/x86_64' \) -prune -o -type f -name '*.d' -print 2>/dev/null)
