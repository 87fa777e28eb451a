# pinvisor: non-recursive GNU make build (docs/architecture.md).
#
#   make            build the tender, elftool, bindings, examples
#   make demo       install missing packages, build, run the main demo
#   make test       install missing packages, build, run every test
#   make bench      run the benchmarks (bench/)
#   make install PREFIX=/usr/local
#   make format     reformat with clang-format; make format-check
#   V=1             show the commands
.DEFAULT_GOAL := all
# A recipe that fails must not leave a half-written target behind (a
# truncated generated manifest.c would break the next build).
.DELETE_ON_ERROR:

include mk/config.mk
include mk/tender.mk
include mk/guest.mk
include mk/elftool.mk
include mk/examples.mk
include mk/tests.mk
include mk/bench.mk
include mk/install.mk
include mk/fuzz.mk

.PHONY: all clean deps demo test format format-check
all: $(ALL_TARGETS)

deps:
	$(Q)scripts/deps.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh

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

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
