# SPDX-License-Identifier: ISC
# config.mk: toolchains and flags. HOST_* builds the tender and tools,
# GUEST_* builds freestanding unikernel code. Nothing is shared between
# the two sets.
#
# ARCH is the architecture the tender and the unikernels are built for:
# x86_64 or aarch64. Building for another architecture than this
# machine's is a cross build (Debian's gcc-$(ARCH)-linux-gnu): its output
# goes to build/$(ARCH)/, and the tools that run during the build
# (elftool's gen-manifest) are built for this machine as well.
BUILD_ARCH := $(shell uname -m)
ARCH ?= $(BUILD_ARCH)
ifeq ($(filter x86_64 aarch64,$(ARCH)),)
$(error pinvisor builds for x86_64 and aarch64 (ARCH=$(ARCH)))
endif
ifeq ($(ARCH),$(BUILD_ARCH))
CROSS ?=
BUILD ?= build
else
CROSS ?= $(ARCH)-linux-gnu-
BUILD ?= build/$(ARCH)
endif
PREFIX ?= /usr/local

ifeq ($(V),1)
Q =
say =
else
Q = @
say = @printf '  %-8s %s\n' $(1) $(2);
endif

WARN = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wwrite-strings \
       -Wmissing-prototypes -Wstrict-prototypes -Wvla

# HOST_CFLAGS, HOST_LDFLAGS, GUEST_CFLAGS given on the command line
# (make HOST_CFLAGS='-O1 -fsanitize=address') replace the defaults (-O2
# -g) but never the project's own flags, which `override` appends.
# The tender and host tools (for ARCH); BUILD_CC builds what runs here.
HOST_CC ?= $(if $(CROSS),$(CROSS)gcc,cc)
BUILD_CC ?= cc
HOST_CC_IS_CLANG := $(shell $(HOST_CC) --version 2>/dev/null | \
                      grep -q clang && echo 1)
HOST_CFLAGS ?= -O2 -g
override HOST_CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP -Iinclude \
               -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
HOST_LDFLAGS ?= -Wl,-z,relro,-z,now
# The tender is linked statically: it starts about 0.25 ms faster, which
# is a tenth of its whole run for a small unikernel (docs/evaluation.md).
TENDER_LDFLAGS ?= -static-pie
HOST_LDLIBS = -lpthread

GUEST_CC ?= $(CROSS)gcc
GUEST_LD = $(CROSS)ld
GUEST_OBJCOPY = $(CROSS)objcopy
GUEST_AR = $(CROSS)ar
# Flags a unikernel needs on this architecture (also in pinvisor.pc).
GUEST_ARCH_CFLAGS_x86_64 = -mno-red-zone
GUEST_ARCH_CFLAGS_aarch64 =
GUEST_ARCH_CFLAGS = $(GUEST_ARCH_CFLAGS_$(ARCH))
GUEST_CFLAGS ?= -O2 -g
override GUEST_CFLAGS += -std=c11 $(WARN) -MMD -MP -ffreestanding -fno-pie \
    -fno-pic -fno-asynchronous-unwind-tables \
    -fno-tree-loop-distribute-patterns -fstack-protector-strong \
    -mstack-protector-guard=global $(GUEST_ARCH_CFLAGS) -nostdinc \
    -isystem $(shell $(GUEST_CC) -print-file-name=include) \
    -Iinclude -Iguest/libc
# The bindings use no SSE (or FP/SIMD on aarch64), so that their own code
# runs at CPL 0 even on PVM hosts (where KVM's emulator cannot run SSE).
# Applications, the C library and OCaml use SSE in both modes: CPL 0 runs
# it natively on hardware virtualization (and in the nested test VM).
GUEST_NOFPU = -mgeneral-regs-only
GUEST_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
    -Wl,-T,guest/pinvisor.lds

ALL_TARGETS =
