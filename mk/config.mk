# config.mk: toolchains and flags. HOST_* builds the tender and tools,
# GUEST_* builds freestanding unikernel code. Nothing is shared between
# the two sets.
ARCH ?= $(shell uname -m)
ifneq ($(ARCH),x86_64)
$(error pinvisor builds for x86_64 hosts for now (ARCH=$(ARCH)))
endif
BUILD ?= build
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

HOST_CC ?= cc
HOST_CFLAGS ?= -O2 -g
HOST_CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP -Iinclude \
               -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
HOST_LDFLAGS ?= -Wl,-z,relro,-z,now
# The tender is linked statically: it starts about 0.25 ms faster, which
# is a tenth of its whole run for a small unikernel (docs/evaluation.md).
TENDER_LDFLAGS ?= -static-pie
HOST_LDLIBS = -lseccomp -lpthread

GUEST_CC ?= gcc
GUEST_CFLAGS ?= -O2 -g
GUEST_CFLAGS += -std=c11 $(WARN) -MMD -MP -ffreestanding -fno-pie \
    -fno-pic -fno-asynchronous-unwind-tables \
    -fno-tree-loop-distribute-patterns -fstack-protector-strong \
    -mstack-protector-guard=global -mno-red-zone -nostdinc \
    -isystem $(shell $(GUEST_CC) -print-file-name=include) \
    -Iinclude -Iguest/libc
# The bindings use no SSE, so that their own code runs at CPL 0 even on
# PVM hosts (where KVM's emulator cannot run SSE). Applications, the C
# library and OCaml use SSE in both modes: CPL 0 runs it natively on
# hardware virtualization (and in the nested test VM).
GUEST_NOFPU = -mgeneral-regs-only
GUEST_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
    -Wl,-T,guest/pinvisor.lds

ALL_TARGETS =
