# SPDX-License-Identifier: ISC
# oci.mk: build/pinvisor-oci, the OCI runtime (oci/, docs/fleet.md),
# linked statically (as the tender) against json-c, so that it runs in
# the arm64 test VM too. Its version is the tender's.
OCI_SRCS = $(wildcard oci/*.c) tender/elf.c tender/mft.c
OCI_OBJS = $(OCI_SRCS:%.c=$(BUILD)/host/%.o)
OCI = $(BUILD)/pinvisor-oci
OCI_VERSION_DEF = -DPINVISOR_VERSION='$(shell sed -n \
    's/^\#define PINVISOR_VERSION //p' tender/version.h)'
ALL_TARGETS += $(OCI)

$(BUILD)/host/oci/main.o: override HOST_CFLAGS += $(OCI_VERSION_DEF)

$(OCI): $(OCI_OBJS)
	$(call say,LD,$@)$(HOST_CC) $(HOST_LDFLAGS) $(TENDER_LDFLAGS) $^ -ljson-c -o $@
